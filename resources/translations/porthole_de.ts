<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ExportColumn</name>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Batch file</source>
        <translation>Batch-Datei</translation>
    </message>
    <message>
        <source>Delivery key</source>
        <translation>Zustellschlüssel</translation>
    </message>
    <message>
        <source>Raw content (hex)</source>
        <translation>Rohinhalt (hex)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Max retries</source>
        <translation>Max. Wiederholungen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Fehlerdetails</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Replays</source>
        <translation>Erneute Sendungen</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>Aussortiert</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Affected ids</source>
        <translation>Betroffene IDs</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Sink</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>Datentyp</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>Ereignis-ID</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>PaneNeeds</name>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>This pane reads %1, a table of Porthole&apos;s own that this database does not have: Porthole creates it when it migrates a database, and a database opened read-only is never migrated. Open it without read-only to migrate it, or browse the tables it has in the Tables pane.</source>
        <translation>Dieser Bereich liest %1, eine Tabelle von Porthole selbst, die diese Datenbank nicht hat: Porthole legt sie an, wenn es eine Datenbank migriert, und eine schreibgeschützt geöffnete Datenbank wird nie migriert. Öffnen Sie sie ohne Schreibschutz, um sie zu migrieren, oder durchsuchen Sie ihre Tabellen im Bereich Tabellen.</translation>
    </message>
    <message>
        <source>This pane reads %1, which this database does not have: the pipeline that made it did not create %2. Its other tables are in the Tables pane.</source>
        <translation>Dieser Bereich liest %1, die diese Datenbank nicht hat: die Pipeline, die sie angelegt hat, hat %2 nicht erstellt. Ihre übrigen Tabellen stehen im Bereich Tabellen.</translation>
    </message>
    <message>
        <source>that table</source>
        <translation>diese Tabelle</translation>
    </message>
    <message>
        <source>those tables</source>
        <translation>diese Tabellen</translation>
    </message>
</context>
<context>
    <name>porthole</name>
    <message>
        <source>%1 old</source>
        <translation>%1 alt</translation>
    </message>
    <message>
        <source>%1 behind</source>
        <translation>%1 zurück</translation>
    </message>
    <message>
        <source>%1% free</source>
        <translation>%1 % frei</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>%1 frei</translation>
    </message>
    <message>
        <source>%1% of the connections</source>
        <translation>%1 % der Verbindungen</translation>
    </message>
    <message>
        <source>%1 sessions</source>
        <translation>%1 Sitzungen</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>gestört</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>beeinträchtigt</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 neu</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>%1 errors a minute</source>
        <translation>%1 Fehler pro Minute</translation>
    </message>
    <message>
        <source>findings: %1</source>
        <translation>Befunde: %1</translation>
    </message>
    <message>
        <source>%1 entries behind</source>
        <translation>%1 Einträge im Rückstand</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A metric&apos;s value and the unit its rows give it: &quot;250 ms&quot;, &quot;3.5 %&quot;</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>not draining</source>
        <translation>leert sich nicht</translation>
    </message>
    <message>
        <source>keeping up</source>
        <translation>hält Schritt</translation>
    </message>
    <message>
        <source>empty in %1</source>
        <translation>leer in %1</translation>
    </message>
    <message>
        <source>last run failed</source>
        <translation>letzter Lauf fehlgeschlagen</translation>
    </message>
    <message>
        <source>last run succeeded</source>
        <translation>letzter Lauf erfolgreich</translation>
    </message>
</context>
<context>
    <name>porthole::ActionOptionsDialog</name>
    <message>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Replay %1. A dry run shows next what each row becomes, and which are skipped and why.</source>
        <extracomment>%1: the rows, as &quot;the 3 selected rows&quot;, &quot;every row shown&quot; or &quot;message ID&quot;</extracomment>
        <translation>Erneut senden: %1. Ein Probelauf zeigt anschließend, was aus jeder Zeile wird und welche warum übersprungen werden.</translation>
    </message>
    <message>
        <source>&amp;Reset the retry count to 0</source>
        <translation>Wiederholungszähler auf 0 zu&amp;rücksetzen</translation>
    </message>
    <message>
        <source>The stream or list to publish to; {port} stands for each row&apos;s port. Each message goes with a replay id, so that a consumer that deduplicates ignores a second copy.</source>
        <translation>Der Stream oder die Liste, in die veröffentlicht wird; {port} steht für den Port jeder Zeile. Jede Nachricht erhält eine Replay-ID, sodass ein deduplizierender Consumer eine zweite Kopie ignoriert.</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source> replays</source>
        <translation> Mal</translation>
    </message>
    <message>
        <source>The loop guard: a row replayed this often already is skipped, so that a message that always fails does not go round for ever.</source>
        <translation>Die Sendegrenze: Eine Zeile, die schon so oft erneut gesendet wurde, wird übersprungen, damit eine stets fehlschlagende Nachricht nicht endlos kreist.</translation>
    </message>
    <message>
        <source>&amp;Override the loop guard (recorded in the audit log)</source>
        <translation>Sendegrenze &amp;aufheben (im Protokoll vermerkt)</translation>
    </message>
    <message>
        <source>Loop &amp;guard:</source>
        <translation>Sende&amp;grenze:</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Move %1 to another port. A dry run shows next which rows move.</source>
        <extracomment>%1: the rows, as &quot;the 3 selected rows&quot; or &quot;every row shown&quot;</extracomment>
        <translation>In einen anderen Port verschieben: %1. Ein Probelauf zeigt anschließend, welche Zeilen verschoben werden.</translation>
    </message>
    <message>
        <source>To &amp;port:</source>
        <translation>Nach P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;Dry run…</source>
        <translation>&amp;Probelauf…</translation>
    </message>
    <message>
        <source>(none open: File &gt; Open Connection names one)</source>
        <translation>(keiner offen: Datei &gt; Verbindung öffnen wählt einen)</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Aussortieren</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>To the data&amp;base: status back to pending</source>
        <translation>In die &amp;Datenbank: Status zurück auf ausstehend</translation>
    </message>
    <message>
        <source>To Redi&amp;s: publish the payload again</source>
        <translation>An R&amp;edis: Nutzdaten erneut veröffentlichen</translation>
    </message>
</context>
<context>
    <name>porthole::ActionPlanModel</name>
    <message>
        <source>(unchanged)</source>
        <translation>(unverändert)</translation>
    </message>
    <message>
        <source>published to %1</source>
        <translation>veröffentlicht in %1</translation>
    </message>
    <message>
        <source>purged</source>
        <translation>aussortiert</translation>
    </message>
    <message>
        <source>restored, %1</source>
        <translation>wiederhergestellt, %1</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>Port %1</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Übersprungen: %1</translation>
    </message>
    <message>
        <source>%1 (purged)</source>
        <translation>%1 (aussortiert)</translation>
    </message>
    <message>
        <source>will act (over the replay budget)</source>
        <translation>wird ausgeführt (über Sendegrenze)</translation>
    </message>
    <message>
        <source>will act</source>
        <translation>wird ausgeführt</translation>
    </message>
    <message>
        <source>The status the row has now</source>
        <translation>Der aktuelle Status der Zeile</translation>
    </message>
    <message>
        <source>What the action makes of the row</source>
        <translation>Was die Aktion aus der Zeile macht</translation>
    </message>
    <message>
        <source>retry_count now → after the action</source>
        <translation>retry_count jetzt → nach der Aktion</translation>
    </message>
    <message>
        <source>How often the row was replayed: now → after the action</source>
        <translation>Wie oft die Zeile erneut gesendet wurde: jetzt → nach der Aktion</translation>
    </message>
    <message>
        <source>Whether the action changes the row, or why it leaves it alone</source>
        <translation>Ob die Aktion die Zeile ändert oder warum sie sie unverändert lässt</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Status now</source>
        <translation>Status jetzt</translation>
    </message>
    <message>
        <source>Becomes</source>
        <extracomment>A column: what the action makes of the row</extracomment>
        <translation>Wird zu</translation>
    </message>
    <message>
        <source>Retries</source>
        <extracomment>A column: the retry count now → after the action</extracomment>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Replays</source>
        <extracomment>A column: how often the row was replayed, now → after the action</extracomment>
        <translation>Erneut gesendet</translation>
    </message>
    <message>
        <source>Outcome</source>
        <extracomment>A column: whether the action changes the row, or why it leaves it alone</extracomment>
        <translation>Ergebnis</translation>
    </message>
    <message numerus="yes">
        <source>Replayed %n times already, over the budget: acted on only because the budget is overridden (recorded in the audit log)</source>
        <translation>
            <numerusform>Bereits %n-mal erneut gesendet, über der Sendegrenze: nur ausgeführt, weil die Grenze aufgehoben ist (im Protokoll vermerkt)</numerusform>
            <numerusform>Bereits %n-mal erneut gesendet, über der Sendegrenze: nur ausgeführt, weil die Grenze aufgehoben ist (im Protokoll vermerkt)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::ActionPreviewDialog</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Skipped, and why:</source>
        <translation>Übersprungen, und warum:</translation>
    </message>
    <message>
        <source>Each becomes pending again with its retry count back to 0.</source>
        <translation>Jede wird wieder ausstehend, mit Wiederholungszähler auf 0.</translation>
    </message>
    <message>
        <source>Each becomes pending again; retry counts are kept.</source>
        <translation>Jede wird wieder ausstehend; Wiederholungszähler bleiben erhalten.</translation>
    </message>
    <message>
        <source>Published again to %1, each with a replay id.</source>
        <translation>Erneut in %1 veröffentlicht, jede mit einer Replay-ID.</translation>
    </message>
    <message>
        <source>Purged rows leave every listing but are kept: they can be restored.</source>
        <translation>Aussortierte Zeilen verschwinden aus allen Listen, bleiben aber erhalten und können wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>Restored rows come back with the status they had.</source>
        <translation>Wiederhergestellte Zeilen erhalten ihren früheren Status zurück.</translation>
    </message>
    <message>
        <source>Rows that arrive after this dry run are not touched.</source>
        <translation>Zeilen, die nach diesem Probelauf eintreffen, bleiben unberührt.</translation>
    </message>
    <message>
        <source>More rows match than one action may take: only the first %1 are planned, shown here and acted on. Run the action again afterwards for the rest.</source>
        <translation>Mehr Zeilen passen, als eine Aktion umfassen darf: Nur die ersten %1 werden geplant, hier angezeigt und bearbeitet. Führen Sie die Aktion danach für den Rest erneut aus.</translation>
    </message>
    <message>
        <source>Show only the rows that will be &amp;skipped</source>
        <translation>Nur Zeilen anzeigen, die über&amp;sprungen werden</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source> messages/s</source>
        <translation> Nachrichten/s</translation>
    </message>
    <message>
        <source>Go no faster than this, to spare the pipeline; 0: as fast as the database and Redis go</source>
        <translation>Nicht schneller als dies, um die Pipeline zu schonen; 0: so schnell, wie Datenbank und Redis erlauben</translation>
    </message>
    <message>
        <source>&amp;Rate limit:</source>
        <translation>&amp;Ratenlimit:</translation>
    </message>
    <message>
        <source>will act (over the replay budget)</source>
        <translation>wird ausgeführt (über Sendegrenze)</translation>
    </message>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>Zur Bestätigung %1 eingeben:</translation>
    </message>
    <message>
        <source>No row would change.</source>
        <translation>Keine Zeile würde sich ändern.</translation>
    </message>
    <message>
        <source>Type %1, the number of rows it acts on, to confirm.</source>
        <translation>Geben Sie zur Bestätigung %1 ein, die Anzahl der betroffenen Zeilen.</translation>
    </message>
    <message>
        <source>Nothing to replay: no message matches.</source>
        <translation>Nichts erneut zu senden: Keine Nachricht passt.</translation>
    </message>
    <message>
        <source>Nothing to replay: the one message selected is skipped.</source>
        <translation>Nichts erneut zu senden: Die eine ausgewählte Nachricht wird übersprungen.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to replay: all %Ln messages selected are skipped.</source>
        <translation>
            <numerusform>Nichts erneut zu senden: Die %Ln ausgewählte Nachricht wird übersprungen.</numerusform>
            <numerusform>Nichts erneut zu senden: Alle %Ln ausgewählten Nachrichten werden übersprungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to purge: no message matches.</source>
        <translation>Nichts auszusortieren: Keine Nachricht passt.</translation>
    </message>
    <message>
        <source>Nothing to purge: the one message selected is skipped.</source>
        <translation>Nichts auszusortieren: Die eine ausgewählte Nachricht wird übersprungen.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to purge: all %Ln messages selected are skipped.</source>
        <translation>
            <numerusform>Nichts auszusortieren: Die %Ln ausgewählte Nachricht wird übersprungen.</numerusform>
            <numerusform>Nichts auszusortieren: Alle %Ln ausgewählten Nachrichten werden übersprungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to restore: no message matches.</source>
        <translation>Nichts wiederherzustellen: Keine Nachricht passt.</translation>
    </message>
    <message>
        <source>Nothing to restore: the one message selected is skipped.</source>
        <translation>Nichts wiederherzustellen: Die eine ausgewählte Nachricht wird übersprungen.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to restore: all %Ln messages selected are skipped.</source>
        <translation>
            <numerusform>Nichts wiederherzustellen: Die %Ln ausgewählte Nachricht wird übersprungen.</numerusform>
            <numerusform>Nichts wiederherzustellen: Alle %Ln ausgewählten Nachrichten werden übersprungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to move: no message matches.</source>
        <translation>Nichts zu verschieben: Keine Nachricht passt.</translation>
    </message>
    <message>
        <source>Nothing to move: the one message selected is skipped.</source>
        <translation>Nichts zu verschieben: Die eine ausgewählte Nachricht wird übersprungen.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to move: all %Ln messages selected are skipped.</source>
        <translation>
            <numerusform>Nichts zu verschieben: Die %Ln ausgewählte Nachricht wird übersprungen.</numerusform>
            <numerusform>Nichts zu verschieben: Alle %Ln ausgewählten Nachrichten werden übersprungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln will be replayed</source>
        <translation>
            <numerusform>%Ln wird erneut gesendet</numerusform>
            <numerusform>%Ln werden erneut gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln will be purged</source>
        <translation>
            <numerusform>%Ln wird aussortiert</numerusform>
            <numerusform>%Ln werden aussortiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln will be restored</source>
        <translation>
            <numerusform>%Ln wird wiederhergestellt</numerusform>
            <numerusform>%Ln werden wiederhergestellt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln will be moved</source>
        <translation>
            <numerusform>%Ln wird verschoben</numerusform>
            <numerusform>%Ln werden verschoben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped</source>
        <translation>
            <numerusform>%Ln übersprungen</numerusform>
            <numerusform>%Ln übersprungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln over the replay budget</source>
        <translation>
            <numerusform>%Ln über der Sendegrenze</numerusform>
            <numerusform>%Ln über der Sendegrenze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln other reasons (%1 rows)</source>
        <translation>
            <numerusform>… und %Ln weiterer Grund (%1 Zeilen)</numerusform>
            <numerusform>… und %Ln weitere Gründe (%1 Zeilen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The replay budget (%n replays) is overridden: rows replayed that often already are replayed again. The override is recorded in the audit log.</source>
        <translation>
            <numerusform>Die Sendegrenze (%n-mal) ist aufgehoben: Zeilen, die schon so oft erneut gesendet wurden, werden nochmals gesendet. Die Aufhebung wird im Protokoll vermerkt.</numerusform>
            <numerusform>Die Sendegrenze (%n-mal) ist aufgehoben: Zeilen, die schon so oft erneut gesendet wurden, werden nochmals gesendet. Die Aufhebung wird im Protokoll vermerkt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rows replayed %n times already are skipped (the replay budget).</source>
        <translation>
            <numerusform>Zeilen, die bereits %n-mal erneut gesendet wurden, werden übersprungen (Sendegrenze).</numerusform>
            <numerusform>Zeilen, die bereits %n-mal erneut gesendet wurden, werden übersprungen (Sendegrenze).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln dead letter to the database</source>
        <translation>
            <numerusform>%Ln Dead Letter erneut an die Datenbank senden</numerusform>
            <numerusform>%Ln Dead Letters erneut an die Datenbank senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln dead letters to the database</source>
        <translation>
            <numerusform>%Ln Dead Letter erneut an die Datenbank senden</numerusform>
            <numerusform>%Ln Dead Letters erneut an die Datenbank senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln message to the database</source>
        <translation>
            <numerusform>%Ln Nachricht erneut an die Datenbank senden</numerusform>
            <numerusform>%Ln Nachrichten erneut an die Datenbank senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln messages to the database</source>
        <translation>
            <numerusform>%Ln Nachricht erneut an die Datenbank senden</numerusform>
            <numerusform>%Ln Nachrichten erneut an die Datenbank senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln dead letter to Redis key %1</source>
        <translation>
            <numerusform>%Ln Dead Letter erneut an Redis-Schlüssel %1 senden</numerusform>
            <numerusform>%Ln Dead Letters erneut an Redis-Schlüssel %1 senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln dead letters to Redis key %1</source>
        <translation>
            <numerusform>%Ln Dead Letter erneut an Redis-Schlüssel %1 senden</numerusform>
            <numerusform>%Ln Dead Letters erneut an Redis-Schlüssel %1 senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln message to Redis key %1</source>
        <translation>
            <numerusform>%Ln Nachricht erneut an Redis-Schlüssel %1 senden</numerusform>
            <numerusform>%Ln Nachrichten erneut an Redis-Schlüssel %1 senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln messages to Redis key %1</source>
        <translation>
            <numerusform>%Ln Nachricht erneut an Redis-Schlüssel %1 senden</numerusform>
            <numerusform>%Ln Nachrichten erneut an Redis-Schlüssel %1 senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln dead letter to %1 Redis keys (%2)</source>
        <translation>
            <numerusform>%Ln Dead Letter erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
            <numerusform>%Ln Dead Letters erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln dead letters to %1 Redis keys (%2)</source>
        <translation>
            <numerusform>%Ln Dead Letter erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
            <numerusform>%Ln Dead Letters erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln message to %1 Redis keys (%2)</source>
        <translation>
            <numerusform>%Ln Nachricht erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
            <numerusform>%Ln Nachrichten erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replay %Ln messages to %1 Redis keys (%2)</source>
        <translation>
            <numerusform>%Ln Nachricht erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
            <numerusform>%Ln Nachrichten erneut an %1 Redis-Schlüssel (%2) senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purge %Ln dead letter</source>
        <translation>
            <numerusform>%Ln Dead Letter aussortieren</numerusform>
            <numerusform>%Ln Dead Letters aussortieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purge %Ln dead letters</source>
        <translation>
            <numerusform>%Ln Dead Letter aussortieren</numerusform>
            <numerusform>%Ln Dead Letters aussortieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purge %Ln message</source>
        <translation>
            <numerusform>%Ln Nachricht aussortieren</numerusform>
            <numerusform>%Ln Nachrichten aussortieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purge %Ln messages</source>
        <translation>
            <numerusform>%Ln Nachricht aussortieren</numerusform>
            <numerusform>%Ln Nachrichten aussortieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore %Ln purged message</source>
        <translation>
            <numerusform>%Ln aussortierte Nachricht wiederherstellen</numerusform>
            <numerusform>%Ln aussortierte Nachrichten wiederherstellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore %Ln purged messages</source>
        <translation>
            <numerusform>%Ln aussortierte Nachricht wiederherstellen</numerusform>
            <numerusform>%Ln aussortierte Nachrichten wiederherstellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln dead letter to port %1</source>
        <translation>
            <numerusform>%Ln Dead Letter nach Port %1 verschieben</numerusform>
            <numerusform>%Ln Dead Letters nach Port %1 verschieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln dead letters to port %1</source>
        <translation>
            <numerusform>%Ln Dead Letter nach Port %1 verschieben</numerusform>
            <numerusform>%Ln Dead Letters nach Port %1 verschieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln message to port %1</source>
        <translation>
            <numerusform>%Ln Nachricht nach Port %1 verschieben</numerusform>
            <numerusform>%Ln Nachrichten nach Port %1 verschieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln messages to port %1</source>
        <translation>
            <numerusform>%Ln Nachricht nach Port %1 verschieben</numerusform>
            <numerusform>%Ln Nachrichten nach Port %1 verschieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Replay %L1</source>
        <extracomment>The button that runs the action, with how many rows it acts on</extracomment>
        <translation>%L1 erneut senden</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Purge %L1</source>
        <translation>%L1 aussortieren</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Aussortieren</translation>
    </message>
    <message>
        <source>Restore %L1</source>
        <translation>%L1 wiederherstellen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Move %L1</source>
        <translation>%L1 verschieben</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
</context>
<context>
    <name>porthole::ActionProgressDialog</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>Stops the action: rows under way are finished, the others are left as they are</source>
        <translation>Stoppt die Aktion: Laufende Zeilen werden abgeschlossen, die übrigen bleiben unverändert</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 von %2 erledigt</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>noch etwa %1</translation>
    </message>
    <message>
        <source>Cancelling: the rows under way are finished, the others left alone…</source>
        <translation>Wird abgebrochen: Laufende Zeilen werden abgeschlossen, die übrigen bleiben unverändert…</translation>
    </message>
    <message>
        <source>Paused: Resume goes on where it stopped.</source>
        <translation>Angehalten: „Fortsetzen“ macht dort weiter, wo die Aktion stoppte.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>Fo&amp;rtsetzen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped</source>
        <translation>
            <numerusform>%Ln übersprungen</numerusform>
            <numerusform>%Ln übersprungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::ActionWorker</name>
    <message>
        <source>Another action is running: wait for it to finish, or cancel it.</source>
        <translation>Eine andere Aktion läuft: Warten Sie, bis sie fertig ist, oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Nothing was done: every row changed since the dry run or has another action under way.
%1</source>
        <translation>Nichts wurde ausgeführt: Jede Zeile hat sich seit dem Probelauf geändert oder ist bereits von einer anderen Aktion betroffen.
%1</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s.</source>
        <translation>%1 Neuer Versuch in %2 s.</translation>
    </message>
</context>
<context>
    <name>porthole::ActionWorkflow</name>
    <message>
        <source>%1 of %2 done; %3 skipped (changed since the dry run or no longer allowed); %4 not done (cancelled). Action %5 in the audit log.</source>
        <extracomment>%1 of %2 rows done, %3 skipped, %4 cancelled; %5: the audit log entry&apos;s number</extracomment>
        <translation>%1 von %2 erledigt; %3 übersprungen (seit dem Probelauf geändert oder nicht mehr erlaubt); %4 nicht erledigt (abgebrochen). Aktion %5 im Protokoll.</translation>
    </message>
    <message>
        <source>%1 of %2 done; %3 skipped (changed since the dry run or no longer allowed). Action %4 in the audit log.</source>
        <translation>%1 von %2 erledigt; %3 übersprungen (seit dem Probelauf geändert oder nicht mehr erlaubt). Aktion %4 im Protokoll.</translation>
    </message>
    <message>
        <source>%1 of %2 done; %3 not done (cancelled). Action %4 in the audit log.</source>
        <translation>%1 von %2 erledigt; %3 nicht erledigt (abgebrochen). Aktion %4 im Protokoll.</translation>
    </message>
    <message>
        <source>%1 of %2 done. Action %3 in the audit log.</source>
        <translation>%1 von %2 erledigt. Aktion %3 im Protokoll.</translation>
    </message>
    <message numerus="yes">
        <source>Finishing %n action(s) that were left unfinished…</source>
        <translation>
            <numerusform>%n unvollendete Aktion wird abgeschlossen…</numerusform>
            <numerusform>%n unvollendete Aktionen werden abgeschlossen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the payload of %1 (version %2).</source>
        <translation>Nutzdaten von %1 gespeichert (Version %2).</translation>
    </message>
    <message>
        <source>the edited message %1</source>
        <translation>die bearbeitete Nachricht %1</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n purged message(s) for good.</source>
        <translation>
            <numerusform>%n aussortierte Nachricht endgültig gelöscht.</numerusform>
            <numerusform>%n aussortierte Nachrichten endgültig gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n Zeile</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>Another action is running: wait for it, or cancel it.</source>
        <translation>Eine andere Aktion läuft: Warten Sie darauf oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <source>Dry run: reading the rows…</source>
        <translation>Probelauf: Zeilen werden gelesen…</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <source>Finished an action left unfinished: %1</source>
        <translation>Unvollendete Aktion abgeschlossen: %1</translation>
    </message>
    <message>
        <source>An action left unfinished could not be finished</source>
        <translation>Eine unvollendete Aktion konnte nicht abgeschlossen werden</translation>
    </message>
    <message>
        <source>The action could not be done</source>
        <translation>Die Aktion konnte nicht ausgeführt werden</translation>
    </message>
    <message>
        <source>message %1</source>
        <translation>Nachricht %1</translation>
    </message>
    <message numerus="yes">
        <source>the %n row(s) the last purge took</source>
        <translation>
            <numerusform>die %n Zeile, die beim letzten Aussortieren betroffen war</numerusform>
            <numerusform>die %n Zeilen, die beim letzten Aussortieren betroffen waren</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::AlertHistoryModel</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Pending, then OK again without firing (at %1): no notification.</source>
        <translation>Ausstehend, dann wieder OK, ohne auszulösen (um %1): keine Benachrichtigung.</translation>
    </message>
    <message>
        <source>Pending, then OK again without firing, %1 times from %2 to %3: no notification.</source>
        <translation>Ausstehend, dann wieder OK, ohne auszulösen, %1-mal von %2 bis %3: keine Benachrichtigung.</translation>
    </message>
    <message>
        <source>OK → Pending → OK</source>
        <translation>OK → Ausstehend → OK</translation>
    </message>
    <message>
        <source>OK → Pending → OK ×%1</source>
        <extracomment>%1 how many times a rule went pending and back to OK without firing</extracomment>
        <translation>OK → Ausstehend → OK ×%1</translation>
    </message>
</context>
<context>
    <name>porthole::AlertMonitor</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Firing: %1</source>
        <translation>Ausgelöst: %1</translation>
    </message>
    <message>
        <source>Resolved: %1</source>
        <translation>Behoben: %1</translation>
    </message>
    <message>
        <source>Porthole: no alert firing</source>
        <translation>Porthole: kein Alarm ausgelöst</translation>
    </message>
    <message>
        <source>Porthole: 1 alert firing</source>
        <translation>Porthole: 1 Alarm ausgelöst</translation>
    </message>
    <message>
        <source>Porthole: %1 alerts firing</source>
        <translation>Porthole: %1 Alarme ausgelöst</translation>
    </message>
    <message>
        <source>%1 at %2. Click to see where.</source>
        <translation>%1 um %2. Klicken zeigt, wo.</translation>
    </message>
    <message>
        <source>Show Porthole</source>
        <translation>Porthole zeigen</translation>
    </message>
    <message>
        <source>Quit Porthole</source>
        <translation>Porthole beenden</translation>
    </message>
    <message>
        <source>%1 resolved</source>
        <translation>%1 behoben</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 alerts: %2</source>
        <translation>%1 Alarme: %2</translation>
    </message>
    <message>
        <source>Click to see them all.</source>
        <translation>Klicken, um alle zu sehen.</translation>
    </message>
    <message>
        <source>About %1. Click to see them all.</source>
        <translation>Betrifft %1. Klicken, um alle zu sehen.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>a value (&quot;failing&quot;) and what the source says of it (a job&apos;s error)</extracomment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>porthole::AlertRulesDialog</name>
    <message>
        <source>Alert Rules</source>
        <translation>Alarmregeln</translation>
    </message>
    <message>
        <source>Each rule watches one value and fires when it passes &lt;b&gt;threshold&lt;/b&gt; for &lt;b&gt;for&lt;/b&gt;; it resolves back past &lt;b&gt;clear&lt;/b&gt;. What each kind watches and the keys it takes: Help &amp;gt; User Guide, &quot;Be told when something goes wrong&quot;. Saved rules take effect at once, in this window and the next.</source>
        <translation>Jede Regel beobachtet einen Wert und löst aus, wenn er &lt;b&gt;threshold&lt;/b&gt; für die Dauer &lt;b&gt;for&lt;/b&gt; überschreitet; sie wird aufgehoben, sobald er wieder jenseits von &lt;b&gt;clear&lt;/b&gt; liegt. Was jede Art beobachtet und welche Schlüssel sie nimmt: Hilfe &amp;gt; Benutzerhandbuch, „Be told when something goes wrong“. Gespeicherte Regeln gelten sofort, in diesem Fenster und im nächsten.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Restore &amp;Defaults</source>
        <translation>&amp;Voreinstellungen wiederherstellen</translation>
    </message>
</context>
<context>
    <name>porthole::AlertStatusModel</name>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Anstehend</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <source>Waiting for a reading</source>
        <translation>Wartet auf einen Wert</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>a value and what its source says of it (a failing job&apos;s error)</extracomment>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>porthole::AlertsPane</name>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>&amp;Silence for 1 Hour</source>
        <translation>1 Stunde &amp;stumm</translation>
    </message>
    <message>
        <source>No notifications of the selected rule for an hour; its state still changes and goes into the history.</source>
        <translation>Eine Stunde lang keine Benachrichtigungen der gewählten Regel; ihr Zustand ändert sich weiter und kommt in den Verlauf.</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <source>You are on it: no more notifications of this alert until it is OK again.</source>
        <translation>Sie kümmern sich darum: keine Benachrichtigungen dieses Alarms mehr, bis er wieder OK ist.</translation>
    </message>
    <message>
        <source>History (newest first)</source>
        <translation>Verlauf (neueste zuerst)</translation>
    </message>
    <message>
        <source>&lt;b&gt;1 alert firing&lt;/b&gt;</source>
        <translation>&lt;b&gt;1 Alarm ausgelöst&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 alerts firing&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 Alarme ausgelöst&lt;/b&gt;</translation>
    </message>
    <message>
        <source>1 pending</source>
        <translation>1 anstehend</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>%1 anstehend</translation>
    </message>
    <message>
        <source>every second</source>
        <translation>jede Sekunde</translation>
    </message>
    <message>
        <source>every %1 seconds</source>
        <translation>alle %1 Sekunden</translation>
    </message>
    <message>
        <source>All is well: no rule is past its threshold. The rules are read %1.</source>
        <translation>Alles in Ordnung: Keine Regel ist über ihrer Schwelle. Die Regeln werden %1 gelesen.</translation>
    </message>
    <message>
        <source>%1. Select an alert to silence or acknowledge it; the rules are read %2.</source>
        <translation>%1. Wählen Sie einen Alarm, um ihn stummzuschalten oder zu bestätigen; die Regeln werden %2 gelesen.</translation>
    </message>
    <message>
        <source>&amp;Edit Rules…</source>
        <translation>Regeln &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Change, add or turn off the rules, or go back to the defaults.</source>
        <translation>Regeln ändern, hinzufügen oder abschalten, oder zu den Voreinstellungen zurückkehren.</translation>
    </message>
    <message>
        <source>List the rules that are OK or wait for their first reading too.</source>
        <translation>Auch die Regeln auflisten, die OK sind oder auf ihren ersten Messwert warten.</translation>
    </message>
    <message>
        <source>Show OK rules (%1)</source>
        <translation>OK-Regeln zeigen (%1)</translation>
    </message>
    <message>
        <source>What Changed &amp;Around It</source>
        <translation>Was sich &amp;drumherum änderte</translation>
    </message>
    <message>
        <source>Opens the Timeline of the hour around the selected change</source>
        <translation>Öffnet den Zeitverlauf der Stunde um die gewählte Änderung</translation>
    </message>
</context>
<context>
    <name>porthole::Attention</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weiterer</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Alerts firing (%n): %1</source>
        <translation>
            <numerusform>Alarm ausgelöst (%n): %1</numerusform>
            <numerusform>Alarme ausgelöst (%n): %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no heartbeat for %2</source>
        <translation>%1: kein Heartbeat seit %2</translation>
    </message>
    <message>
        <source>%1 is unhealthy</source>
        <translation>%1 ist nicht betriebsbereit</translation>
    </message>
    <message>
        <source>The receiver is %1</source>
        <translation>Der Empfänger ist %1</translation>
    </message>
    <message>
        <source>Consumer group %1: backlog %2 → %3 in %4</source>
        <translation>Consumer-Gruppe %1: Rückstand %2 → %3 in %4</translation>
    </message>
    <message>
        <source>Port messages %1: %2 → %3 in %4</source>
        <translation>Port-Nachrichten %1: %2 → %3 in %4</translation>
    </message>
    <message numerus="yes">
        <source>Dead letters new in the last hour: %n</source>
        <translation>
            <numerusform>Neue Dead Letters in der letzten Stunde: %n</numerusform>
            <numerusform>Neue Dead Letters in der letzten Stunde: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n components without a heartbeat, up to %1: %2</source>
        <translation>
            <numerusform>%n Komponente ohne Heartbeat, bis zu %1: %2</numerusform>
            <numerusform>%n Komponenten ohne Heartbeat, bis zu %1: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Consumer group %1: backlog %2, growing %3</source>
        <translation>Consumer-Gruppe %1: Rückstand %2, wächst um %3</translation>
    </message>
    <message>
        <source>Port %1: %2 waiting, growing %3</source>
        <translation>Port %1: %2 wartend, wächst um %3</translation>
    </message>
</context>
<context>
    <name>porthole::AttentionStrip</name>
    <message>
        <source>Nothing needs attention: no alert fires, every component beats, no backlog grows, no new dead letters.</source>
        <translation>Nichts braucht Aufmerksamkeit: kein Alarm ausgelöst, jede Komponente sendet Heartbeats, kein Rückstand wächst, keine neuen Dead Letters.</translation>
    </message>
    <message>
        <source>Open the pane that shows it</source>
        <translation>Den Bereich öffnen, der es zeigt</translation>
    </message>
</context>
<context>
    <name>porthole::AuditLogModel</name>
    <message>
        <source>When it happened, in local time (UTC in each cell&apos;s tooltip)</source>
        <translation>Wann es geschah, in Ortszeit (UTC im Tooltip jeder Zelle)</translation>
    </message>
    <message>
        <source>The operator (the operating-system user) or component that did it</source>
        <translation>Der Bediener (Betriebssystembenutzer) oder die Komponente, die es ausgeführt hat</translation>
    </message>
    <message>
        <source>How many rows it affected</source>
        <translation>Wie viele Zeilen betroffen waren</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Rows</source>
        <extracomment>A column: how many rows the action affected</extracomment>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>On %1</source>
        <translation>Betrifft %1</translation>
    </message>
</context>
<context>
    <name>porthole::AuditPane</name>
    <message>
        <source>Audit</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>all actions</source>
        <translation>alle Aktionen</translation>
    </message>
    <message>
        <source>Only entries of this action (its name as the log has it)</source>
        <translation>Nur Einträge dieser Aktion (ihr Name, wie er im Protokoll steht)</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Aktion:</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>Only entries at or after this time (local time)</source>
        <translation>Nur Einträge ab diesem Zeitpunkt (Ortszeit)</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>Only entries before this time (local time)</source>
        <translation>Nur Einträge vor diesem Zeitpunkt (Ortszeit)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads the audit log again (F5)</source>
        <translation>Liest das Protokoll erneut (F5)</translation>
    </message>
    <message>
        <source>Writes every entry the filter matches to a CSV, JSON or JSON Lines file (Ctrl+E)</source>
        <translation>Schreibt jeden Eintrag, auf den der Filter passt, in eine CSV-, JSON- oder JSON-Lines-Datei (Ctrl+E)</translation>
    </message>
    <message>
        <source>the audit log entries shown (%1)</source>
        <translation>die angezeigten Protokolleinträge (%1)</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>Protokoll wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the audit log.
%1
Press F5 to try again.</source>
        <translation>Das Protokoll kann nicht gelesen werden.
%1
Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>No audit entry matches the filter.</source>
        <translation>Kein Protokolleintrag passt zum Filter.</translation>
    </message>
    <message>
        <source>No actions are recorded yet.
Replays, purges, edits, moves and retention runs are recorded here as they are done.</source>
        <translation>Noch keine Aktionen protokolliert.
Erneutes Senden, Aussortieren, Bearbeiten, Verschieben und Aufbewahrungsläufe werden hier protokolliert, sobald sie erfolgen.</translation>
    </message>
    <message>
        <source>Select an entry to see it in full here.</source>
        <translation>Wählen Sie einen Eintrag, um ihn hier vollständig zu sehen.</translation>
    </message>
    <message>
        <source>Reading the entry…</source>
        <translation>Eintrag wird gelesen…</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>%1 (UTC %2)</source>
        <translation>%1 (UTC %2)</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>betrifft %1</translation>
    </message>
    <message numerus="yes">
        <source>%n row</source>
        <translation>
            <numerusform>%n Zeile</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows</source>
        <translation>
            <numerusform>%n Zeile</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::BacklogTrend</name>
    <message>
        <source>%1%2/s</source>
        <translation>%1%2/s</translation>
    </message>
    <message>
        <source>%1%2/min</source>
        <translation>%1%2/min</translation>
    </message>
    <message>
        <source>%1%2/h</source>
        <translation>%1%2/h</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 min</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 min</translation>
    </message>
    <message>
        <source>60 min</source>
        <translation>60 min</translation>
    </message>
    <message>
        <source>no trend yet: too few samples</source>
        <translation>noch kein Trend: zu wenige Messpunkte</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>steady</source>
        <translation>gleichbleibend</translation>
    </message>
    <message>
        <source>growing %1</source>
        <translation>wächst %1</translation>
    </message>
    <message>
        <source>draining, empty in about %1 (%2 – %3)</source>
        <extracomment>The time to drain at the current rate, then the range its error gives</extracomment>
        <translation>leert sich, leer in etwa %1 (%2 – %3)</translation>
    </message>
    <message>
        <source>draining, empty in ~%1</source>
        <translation>leert sich, leer in ~%1</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
    <message>
        <source>2 min</source>
        <translation>2 min</translation>
    </message>
</context>
<context>
    <name>porthole::BackupController</name>
    <message>
        <source>Backing up…</source>
        <translation>Wird gesichert…</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>Die Sicherung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Backed up to %1.</source>
        <translation>Nach %1 gesichert.</translation>
    </message>
</context>
<context>
    <name>porthole::BackupDialog</name>
    <message>
        <source>Back Up</source>
        <translation>Sichern</translation>
    </message>
    <message>
        <source>Takes a consistent copy of the database open now into the folder, while ingest goes on writing, with a manifest beside it. The copy is restored into a scratch database and checked before the oldest backups beyond the number kept are deleted.</source>
        <translation>Legt eine konsistente Kopie der jetzt geöffneten Datenbank im Ordner ab, während der Empfang weiterschreibt, mit einem Manifest daneben. Die Kopie wird in eine Probedatenbank wiederhergestellt und geprüft, bevor die ältesten Sicherungen über die behaltene Anzahl hinaus gelöscht werden.</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>keep all</source>
        <translation>alle behalten</translation>
    </message>
    <message>
        <source>&amp;Keep the last:</source>
        <translation>Die &amp;letzten behalten:</translation>
    </message>
    <message>
        <source>&amp;Back Up</source>
        <translation>&amp;Sichern</translation>
    </message>
    <message>
        <source>Choose the folder the backups go to.</source>
        <translation>Wählen Sie den Ordner für die Sicherungen.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Wird gesichert…</translation>
    </message>
    <message>
        <source>Choose a folder, then Back Up.</source>
        <translation>Wählen Sie einen Ordner, dann Sichern.</translation>
    </message>
    <message>
        <source>Checking the backup: restoring it into a scratch database…</source>
        <translation>Die Sicherung wird geprüft: Sie wird in eine Probedatenbank wiederhergestellt…</translation>
    </message>
    <message>
        <source>Backed up to %1 and checked: its restore holds the rows the manifest lists.</source>
        <translation>Nach %1 gesichert und geprüft: Die Wiederherstellung enthält die Zeilen, die das Manifest aufführt.</translation>
    </message>
    <message numerus="yes">
        <source>%n older backup(s) deleted.</source>
        <translation>
            <numerusform>%n ältere Sicherung gelöscht.</numerusform>
            <numerusform>%n ältere Sicherungen gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>No backup was taken: %1 Check the folder (it must be writable, with room for a copy of the database), then Back Up again.</source>
        <translation>Es wurde keine Sicherung erstellt: %1 Prüfen Sie den Ordner (er muss beschreibbar sein und Platz für eine Kopie der Datenbank haben) und sichern Sie dann erneut.</translation>
    </message>
</context>
<context>
    <name>porthole::BatchExport</name>
    <message>
        <source>Cannot write the export: %1.</source>
        <translation>Der Export kann nicht geschrieben werden: %1.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
</context>
<context>
    <name>porthole::BatchExportDialog</name>
    <message>
        <source>Export Batch Files</source>
        <translation>Batch-Dateien exportieren</translation>
    </message>
    <message>
        <source>Writes the messages of %1 as JSON, in the shape of the receiver&apos;s export_to_json: timestamp, message_number, content.</source>
        <translation>Schreibt die Nachrichten von %1 als JSON, im Format von export_to_json des Empfängers: timestamp, message_number, content.</translation>
    </message>
    <message>
        <source>Only %1</source>
        <translation>Nur %1</translation>
    </message>
    <message>
        <source>Only the selected batch file (none is selected)</source>
        <translation>Nur die ausgewählte Batch-Datei (keine ausgewählt)</translation>
    </message>
    <message>
        <source>The one batch file</source>
        <translation>Die eine Batch-Datei</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>Date&amp;i:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message numerus="yes">
        <source>All %Ln batch files</source>
        <translation>
            <numerusform>Die %Ln Batch-Datei</numerusform>
            <numerusform>Alle %Ln Batch-Dateien</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::BatchFileListModel</name>
    <message>
        <source>Not known</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>%1 local time
%2 UTC</source>
        <translation>%1 Ortszeit
%2 UTC</translation>
    </message>
    <message>
        <source>1 damaged line: a line that is not a message.</source>
        <translation>1 beschädigte Zeile: eine Zeile, die keine Nachricht ist.</translation>
    </message>
    <message>
        <source>Message #%1 is missing before this file.</source>
        <translation>Nachricht #%1 fehlt vor dieser Datei.</translation>
    </message>
    <message>
        <source>The numbers go back: this file starts at #%1, the file before ends at #%2.</source>
        <translation>Die Nummern gehen zurück: Diese Datei beginnt bei #%1, die vorherige endet bei #%2.</translation>
    </message>
    <message>
        <source>Batch %1 is missing before this file.</source>
        <translation>Batch %1 fehlt vor dieser Datei.</translation>
    </message>
    <message>
        <source>Batches %1 to %2 are missing before this file.</source>
        <translation>Batches %1 bis %2 fehlen vor dieser Datei.</translation>
    </message>
    <message>
        <source>No message in this file</source>
        <translation>Keine Nachricht in dieser Datei</translation>
    </message>
    <message>
        <source>Well-formed message lines</source>
        <translation>Wohlgeformte Nachrichtenzeilen</translation>
    </message>
    <message>
        <source>When the file was created (where the file system keeps no birth time: its last status change), in local time; UTC in each cell&apos;s tooltip</source>
        <translation>Wann die Datei erstellt wurde (wo das Dateisystem keine Erstellungszeit kennt: ihre letzte Statusänderung), in Ortszeit; UTC im Tooltip jeder Zelle</translation>
    </message>
    <message>
        <source>When the file was last written, in local time; UTC in each cell&apos;s tooltip</source>
        <translation>Wann die Datei zuletzt geschrieben wurde, in Ortszeit; UTC im Tooltip jeder Zelle</translation>
    </message>
    <message>
        <source>Number of the first message in the file</source>
        <translation>Nummer der ersten Nachricht in der Datei</translation>
    </message>
    <message>
        <source>Number of the last message in the file</source>
        <translation>Nummer der letzten Nachricht in der Datei</translation>
    </message>
    <message>
        <source>Every line, damaged ones included</source>
        <translation>Alle Zeilen, beschädigte eingeschlossen</translation>
    </message>
    <message>
        <source>Lines that are not messages: garbage, empty or cut off</source>
        <translation>Zeilen, die keine Nachrichten sind: Müll, leer oder abgeschnitten</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Created</source>
        <extracomment>A column: when the file was created</extracomment>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Modified</source>
        <extracomment>A column: when the file was last written</extracomment>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>First #</source>
        <extracomment>A column: the number of the file&apos;s first message</extracomment>
        <translation>Erste #</translation>
    </message>
    <message>
        <source>Last #</source>
        <extracomment>A column: the number of the file&apos;s last message</extracomment>
        <translation>Letzte #</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Damaged</source>
        <extracomment>A column: how many of the file&apos;s lines are damaged</extracomment>
        <translation>Beschädigt</translation>
    </message>
    <message numerus="yes">
        <source>%Ln damaged lines: lines that are not messages.</source>
        <translation>
            <numerusform>%Ln beschädigte Zeile: eine Zeile, die keine Nachricht ist.</numerusform>
            <numerusform>%Ln beschädigte Zeilen: Zeilen, die keine Nachrichten sind.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Messages #%1 to #%2 are missing before this file (%L3 numbers).</source>
        <translation>
            <numerusform>Nachrichten #%1 bis #%2 fehlen vor dieser Datei (%L3 Nummer).</numerusform>
            <numerusform>Nachrichten #%1 bis #%2 fehlen vor dieser Datei (%L3 Nummern).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 bytes</source>
        <translation>
            <numerusform>%L1 Byte</numerusform>
            <numerusform>%L1 Byte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::BatchMessageModel</name>
    <message>
        <source>Line %1 is damaged: %2.</source>
        <translation>Zeile %1 ist beschädigt: %2.</translation>
    </message>
    <message>
        <source>Message #%1 is missing before this one.</source>
        <translation>Nachricht #%1 fehlt vor dieser.</translation>
    </message>
    <message>
        <source>The number goes back: #%1 comes after #%2.</source>
        <translation>Die Nummer geht zurück: #%1 folgt auf #%2.</translation>
    </message>
    <message>
        <source>%1 local time
%2 UTC</source>
        <translation>%1 Ortszeit
%2 UTC</translation>
    </message>
    <message>
        <source>When the message was received, in local time; UTC in each cell&apos;s tooltip</source>
        <translation>Wann die Nachricht empfangen wurde, in Ortszeit; UTC im Tooltip jeder Zelle</translation>
    </message>
    <message>
        <source>Line</source>
        <extracomment>A column: the line&apos;s number in the batch file</extracomment>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Message #</source>
        <translation>Nachricht #</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message numerus="yes">
        <source>Messages #%1 to #%2 are missing before this one (%L3 numbers).</source>
        <translation>
            <numerusform>Nachrichten #%1 bis #%2 fehlen vor dieser (%L3 Nummer).</numerusform>
            <numerusform>Nachrichten #%1 bis #%2 fehlen vor dieser (%L3 Nummern).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… (%Ln bytes in all)</source>
        <translation>
            <numerusform>… (insgesamt %Ln Byte)</numerusform>
            <numerusform>… (insgesamt %Ln Byte)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::BatchSearch</name>
    <message>
        <source>message #%1</source>
        <translation>Nachricht #%1</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
</context>
<context>
    <name>porthole::BatchesPane</name>
    <message>
        <source>Batch files</source>
        <translation>Batch-Dateien</translation>
    </message>
    <message>
        <source>Message number (#42) or text</source>
        <translation>Nachrichtennummer (#42) oder Text</translation>
    </message>
    <message>
        <source>Finds a message in every file: Enter or F3 for the next match, Shift+F3 for the previous one (Ctrl+F)</source>
        <translation>Sucht eine Nachricht in allen Dateien: Enter oder F3 für den nächsten Treffer, Shift+F3 für den vorherigen (Ctrl+F)</translation>
    </message>
    <message>
        <source>F&amp;ind:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>F&amp;ollow the current batch</source>
        <translation>Aktuellen Batch verf&amp;olgen</translation>
    </message>
    <message>
        <source>Keeps the newest file selected and its last message in view</source>
        <translation>Hält die neueste Datei ausgewählt und ihre letzte Nachricht im Blick</translation>
    </message>
    <message>
        <source>No folder</source>
        <translation>Kein Ordner</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>No batch folder is set, so there are no batch files to show.</source>
        <translation>Kein Batch-Ordner festgelegt, daher gibt es keine Batch-Dateien anzuzeigen.</translation>
    </message>
    <message>
        <source>Listing the batch files in %1…</source>
        <translation>Batch-Dateien in %1 werden aufgelistet…</translation>
    </message>
    <message>
        <source>The folder %1 does not exist yet.
The receiver creates it when it writes its first batch file; the files are shown here as soon as it does.</source>
        <translation>Der Ordner %1 existiert noch nicht.
Der Empfänger legt ihn an, wenn er seine erste Batch-Datei schreibt; die Dateien erscheinen dann sofort hier.</translation>
    </message>
    <message>
        <source>Cannot list the batch files in %1.
%2</source>
        <translation>Die Batch-Dateien in %1 können nicht aufgelistet werden.
%2</translation>
    </message>
    <message>
        <source>There are no batch files in %1 yet.
Files named messages_batch_0001.txt, messages_batch_0002.txt, … are shown here as they are written.</source>
        <translation>In %1 gibt es noch keine Batch-Dateien.
Dateien namens messages_batch_0001.txt, messages_batch_0002.txt, … erscheinen hier, sobald sie geschrieben werden.</translation>
    </message>
    <message>
        <source>Select a batch file to see its messages.</source>
        <translation>Wählen Sie eine Batch-Datei, um ihre Nachrichten zu sehen.</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>%1: reading…</source>
        <translation>%1: wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Select a line to see it whole here.</source>
        <translation>Wählen Sie eine Zeile, um sie hier vollständig zu sehen.</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>message #%1</source>
        <translation>Nachricht #%1</translation>
    </message>
    <message>
        <source>received %1 (UTC %2)</source>
        <translation>empfangen %1 (UTC %2)</translation>
    </message>
    <message>
        <source>%1 is gone.</source>
        <translation>%1 ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>No message matches %1.</source>
        <translation>Keine Nachricht passt zu %1.</translation>
    </message>
    <message>
        <source>Match %1 of %2</source>
        <translation>Treffer %1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message</source>
        <translation>
            <numerusform>%Ln Nachricht</numerusform>
            <numerusform>%Ln Nachrichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln messages</source>
        <translation>
            <numerusform>%Ln Nachricht</numerusform>
            <numerusform>%Ln Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>A batch file&apos;s name and how many messages it holds: &quot;messages_batch_0001.txt: 9 messages&quot;</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln damaged line</source>
        <translation>
            <numerusform>%Ln beschädigte Zeile</numerusform>
            <numerusform>%Ln beschädigte Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln damaged lines</source>
        <translation>
            <numerusform>%Ln beschädigte Zeile</numerusform>
            <numerusform>%Ln beschädigte Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <extracomment>A batch file&apos;s name, how many messages it holds and how many of its lines are damaged: &quot;messages_batch_0001.txt: 9 messages, 1 damaged line&quot;</extracomment>
        <translation>%1: %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln bytes</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>
… (%Ln bytes more not shown)</source>
        <translation>
            <numerusform>
… (%Ln weiteres Byte nicht angezeigt)</numerusform>
            <numerusform>
… (%Ln weitere Byte nicht angezeigt)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Searching… %1 found in %Ln files</source>
        <translation>
            <numerusform>Suche… %1 gefunden in %Ln Datei</numerusform>
            <numerusform>Suche… %1 gefunden in %Ln Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Match %1 of %2 (wrapped around)</source>
        <translation>Treffer %1 von %2 (von vorn begonnen)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln+ matches</source>
        <extracomment>More matches than the search collects: &quot;500+ matches&quot;</extracomment>
        <translation>
            <numerusform>%Ln+ Treffer</numerusform>
            <numerusform>%Ln+ Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln matches</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::BrowsedTableModel</name>
    <message>
        <source>%1 (%2), in the primary key</source>
        <translation>%1 (%2), im Primärschlüssel</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Click to sort by it: an index serves it.</source>
        <translation>Klicken, um danach zu sortieren: ein Index bedient die Spalte.</translation>
    </message>
    <message>
        <source>Not sortable: no index begins with it.</source>
        <translation>Nicht sortierbar: kein Index beginnt mit dieser Spalte.</translation>
    </message>
    <message>
        <source>Filtered: %1</source>
        <translation>Gefiltert: %1</translation>
    </message>
    <message>
        <source>Not sortable: its index leaves the many rows of each value in no order of %1; an index on (%2, %1) would serve it.</source>
        <translation>Nicht sortierbar: Sein Index lässt die vielen Zeilen jedes Werts ohne Ordnung nach %1; ein Index auf (%2, %1) würde es tun.</translation>
    </message>
</context>
<context>
    <name>porthole::CatalogModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>A column: table or view</extracomment>
        <translation>Art</translation>
    </message>
    <message>
        <source>Rows</source>
        <extracomment>A column: how many rows a table holds, perhaps estimated</extracomment>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>view</source>
        <translation>Sicht</translation>
    </message>
    <message>
        <source>table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>over %1</source>
        <translation>über %1</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
    <message>
        <source>A view is not counted here</source>
        <translation>Eine Sicht wird hier nicht gezählt</translation>
    </message>
    <message>
        <source>Not known until the table is analysed</source>
        <translation>Unbekannt, bis die Tabelle analysiert wurde</translation>
    </message>
    <message>
        <source>Group</source>
        <extracomment>A column: whose a table is, the pipeline&apos;s or Porthole&apos;s own</extracomment>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Porthole</source>
        <translation>Porthole</translation>
    </message>
    <message>
        <source>pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>One of Porthole&apos;s own tables, made by its migrations</source>
        <translation>Eine von Portholes eigenen Tabellen, angelegt von seinen Migrationen</translation>
    </message>
</context>
<context>
    <name>porthole::CheckpointModel</name>
    <message>
        <source>%L1+</source>
        <translation>%L1+</translation>
    </message>
    <message>
        <source>%1: its latest version has expired</source>
        <translation>%1: Die neueste Version ist abgelaufen</translation>
    </message>
    <message>
        <source>The latest version does not expire</source>
        <translation>Die neueste Version läuft nicht ab</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Versions</source>
        <extracomment>A column: how many versions a checkpoint has</extracomment>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Latest</source>
        <extracomment>A column: the number of the newest version</extracomment>
        <translation>Neueste</translation>
    </message>
    <message>
        <source>Saved</source>
        <extracomment>A column: when the newest version was saved</extracomment>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Expires</source>
        <extracomment>A column: when the newest version expires</extracomment>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 (expired)</source>
        <translation>%1 (abgelaufen)</translation>
    </message>
</context>
<context>
    <name>porthole::CheckpointVersionModel</name>
    <message>
        <source>latest</source>
        <extracomment>Marks the newest version of a checkpoint</extracomment>
        <translation>neueste</translation>
    </message>
    <message>
        <source>Version %1 has expired</source>
        <translation>Version %1 ist abgelaufen</translation>
    </message>
    <message>
        <source>This version does not expire</source>
        <translation>Diese Version läuft nicht ab</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Saved</source>
        <extracomment>A column: when the version was saved</extracomment>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Expires</source>
        <extracomment>A column: when the version expires</extracomment>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Latest</source>
        <extracomment>A column: which version is the newest</extracomment>
        <translation>Neueste</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message numerus="yes">
        <source>%Ln bytes</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::CheckpointsPane</name>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Name or component</source>
        <translation>Name oder Komponente</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads the checkpoints again (F5)</source>
        <translation>Liest die Checkpoints erneut (F5)</translation>
    </message>
    <message>
        <source>Compare with &amp;previous</source>
        <translation>Mit &amp;vorheriger vergleichen</translation>
    </message>
    <message>
        <source>Shows what changed from the version before the selected one. Select two versions (Ctrl+click) to compare any two.</source>
        <translation>Zeigt, was sich gegenüber der Version vor der ausgewählten geändert hat. Wählen Sie zwei Versionen (Ctrl+Klick), um zwei beliebige zu vergleichen.</translation>
    </message>
    <message>
        <source>Copy &amp;value</source>
        <translation>&amp;Wert kopieren</translation>
    </message>
    <message>
        <source>Copies the value as compact JSON</source>
        <translation>Kopiert den Wert als kompaktes JSON</translation>
    </message>
    <message>
        <source>Copy &amp;path</source>
        <translation>&amp;Pfad kopieren</translation>
    </message>
    <message>
        <source>Copies the JSON path, e.g. $.orders[2].id</source>
        <translation>Kopiert den JSON-Pfad, z. B. $.orders[2].id</translation>
    </message>
    <message>
        <source>Cannot read version %1.
%2</source>
        <translation>Version %1 kann nicht gelesen werden.
%2</translation>
    </message>
    <message>
        <source>the latest version of the checkpoint shown</source>
        <translation>die neueste Version des angezeigten Checkpoints</translation>
    </message>
    <message>
        <source>Reading the checkpoints…</source>
        <translation>Checkpoints werden gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the checkpoints.
%1
Press F5 to try again.</source>
        <translation>Die Checkpoints können nicht gelesen werden.
%1
Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>No checkpoint name or component holds “%1”.</source>
        <translation>Kein Checkpoint-Name und keine Komponente enthält „%1“.</translation>
    </message>
    <message>
        <source>No checkpoints are stored yet.
Components save them as they work; press F5 to look again.</source>
        <translation>Noch keine Checkpoints gespeichert.
Komponenten speichern sie während ihrer Arbeit; drücken Sie F5, um erneut nachzusehen.</translation>
    </message>
    <message>
        <source>Cannot read the checkpoints again: %1</source>
        <translation>Die Checkpoints können nicht erneut gelesen werden: %1</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Versions of %1</source>
        <translation>Versionen von %1</translation>
    </message>
    <message>
        <source>Select a checkpoint to see its versions.</source>
        <translation>Wählen Sie einen Checkpoint, um seine Versionen zu sehen.</translation>
    </message>
    <message>
        <source>Reading the versions of %1…</source>
        <translation>Versionen von %1 werden gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the versions of %1.
%2
Press F5 to try again.</source>
        <translation>Die Versionen von %1 können nicht gelesen werden.
%2
Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>%1 has no versions any more.</source>
        <translation>%1 hat keine Versionen mehr.</translation>
    </message>
    <message>
        <source>%1 version %2</source>
        <translation>%1 Version %2</translation>
    </message>
    <message>
        <source>Version %1 does not hold valid JSON: %2</source>
        <translation>Version %1 enthält kein gültiges JSON: %2</translation>
    </message>
    <message>
        <source>Select a version to see what it holds, or two (Ctrl+click) to see what changed between them.</source>
        <translation>Wählen Sie eine Version, um ihren Inhalt zu sehen, oder zwei (Ctrl+Klick), um die Änderungen zwischen ihnen zu sehen.</translation>
    </message>
    <message>
        <source>Reading version %1…</source>
        <translation>Version %1 wird gelesen…</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>neueste</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>gespeichert %1</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>abgelaufen %1</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>läuft ab %1</translation>
    </message>
    <message>
        <source>component %1</source>
        <translation>Komponente %1</translation>
    </message>
    <message>
        <source>metadata %1</source>
        <translation>Metadaten %1</translation>
    </message>
    <message>
        <source>%1: version %2 → version %3</source>
        <translation>%1: Version %2 → Version %3</translation>
    </message>
    <message>
        <source>Versions %1 and %2 hold the same data.</source>
        <translation>Die Versionen %1 und %2 enthalten dieselben Daten.</translation>
    </message>
    <message>
        <source>Copied the value at %1</source>
        <translation>Wert bei %1 kopiert</translation>
    </message>
    <message>
        <source>Copied the path %1</source>
        <translation>Pfad %1 kopiert</translation>
    </message>
    <message numerus="yes">
        <source>the latest version of each of the %Ln checkpoints shown</source>
        <translation>
            <numerusform>die neueste Version des %Ln angezeigten Checkpoints</numerusform>
            <numerusform>die neueste Version jedes der %Ln angezeigten Checkpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n versions are selected: select one to see what it holds, or two to compare them.</source>
        <translation>
            <numerusform>%n Version ist ausgewählt: Wählen Sie eine, um ihren Inhalt zu sehen, oder zwei, um sie zu vergleichen.</numerusform>
            <numerusform>%n Versionen sind ausgewählt: Wählen Sie eine, um ihren Inhalt zu sehen, oder zwei, um sie zu vergleichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading version %1 and %2…</source>
        <translation>Versionen %1 und %2 werden gelesen…</translation>
    </message>
    <message>
        <source>Version %1 of %2 is no longer stored: retention deletes older versions (File &gt; Delete Old Data). The versions listed are those still stored.</source>
        <translation>Version %1 von %2 ist nicht mehr gespeichert: Die Aufbewahrung löscht ältere Versionen (Datei &gt; Alte Daten löschen). Aufgeführt sind die Versionen, die noch gespeichert sind.</translation>
    </message>
    <message>
        <source>%1 is no longer stored, nor any of its versions.</source>
        <translation>%1 ist nicht mehr gespeichert, auch keine seiner Versionen.</translation>
    </message>
</context>
<context>
    <name>porthole::ComponentHealthModel</name>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>A column: the status a component reports in its heartbeat</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Letzter Heartbeat</translation>
    </message>
    <message>
        <source>Age</source>
        <extracomment>A column: how long ago the last heartbeat came</extracomment>
        <translation>Alter</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>stale</source>
        <extracomment>A component&apos;s state: no heartbeat within its expected interval</extracomment>
        <translation>veraltet</translation>
    </message>
    <message>
        <source>Its last heartbeat said %1.</source>
        <translation>Sein letzter Heartbeat meldete %1.</translation>
    </message>
    <message>
        <source>No heartbeat for %1: the component may be down. %2</source>
        <translation>Kein Heartbeat seit %1: die Komponente ist vielleicht ausgefallen. %2</translation>
    </message>
    <message>
        <source>No heartbeat for %1, where it usually sends one every %2: the component may be down. %3</source>
        <translation>Kein Heartbeat seit %1, obwohl sie sonst alle %2 einen sendet: die Komponente ist vielleicht ausgefallen. %3</translation>
    </message>
</context>
<context>
    <name>porthole::ComponentStateModel</name>
    <message>
        <source>The component&apos;s highest version</source>
        <translation>Die höchste Version der Komponente</translation>
    </message>
    <message>
        <source>The version of the state</source>
        <translation>Die Version des Zustands</translation>
    </message>
    <message>
        <source>When the version was last written, in local time (UTC in each cell&apos;s tooltip)</source>
        <translation>Wann die Version zuletzt geschrieben wurde, in Ortszeit (UTC im Tooltip jeder Zelle)</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>A column: the version number of a component&apos;s saved state</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>A column: the component&apos;s saved state (JSON)</extracomment>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>UTC: %1 (created %2)</source>
        <translation>UTC: %1 (erstellt %2)</translation>
    </message>
    <message>
        <source>Id %1</source>
        <translation>ID %1</translation>
    </message>
</context>
<context>
    <name>porthole::ComponentStatePane</name>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the component states.
%1
Press F5 to try again.</source>
        <translation>Die Komponentenzustände können nicht gelesen werden.
%1
F5 drücken, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>Component state</source>
        <translation>Komponentenzustand</translation>
    </message>
    <message>
        <source>all types</source>
        <translation>alle Typen</translation>
    </message>
    <message>
        <source>Only components of this type</source>
        <translation>Nur Komponenten dieses Typs</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>Shows new versions as components save them</source>
        <translation>Zeigt neue Versionen, sobald Komponenten sie speichern</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads the component states again (F5)</source>
        <translation>Liest die Komponentenzustände erneut (F5)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Writes the versions listed to a CSV, JSON or JSON Lines file (Ctrl+E)</source>
        <translation>Schreibt die aufgelisteten Versionen in eine CSV-, JSON- oder JSON-Lines-Datei (Strg+E)</translation>
    </message>
    <message>
        <source>every version of the components listed</source>
        <translation>jede Version der aufgelisteten Komponenten</translation>
    </message>
    <message>
        <source>the versions of %1 (%2)</source>
        <translation>die Versionen von %1 (%2)</translation>
    </message>
    <message>
        <source>No component has saved its state yet.</source>
        <translation>Noch keine Komponente hat ihren Zustand gespeichert.</translation>
    </message>
    <message>
        <source>No component of this type has saved its state.</source>
        <translation>Keine Komponente dieses Typs hat ihren Zustand gespeichert.</translation>
    </message>
    <message>
        <source>%1 (components)</source>
        <translation>%1 (Komponenten)</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Versions of %1 · %2</source>
        <translation>Versionen von %1 · %2</translation>
    </message>
    <message>
        <source>Select a component to see its versions.</source>
        <translation>Eine Komponente auswählen, um ihre Versionen zu sehen.</translation>
    </message>
    <message>
        <source>%1 has no saved state of this type.</source>
        <translation>%1 hat keinen gespeicherten Zustand dieses Typs.</translation>
    </message>
    <message>
        <source>Select a version to see its state, or two (Ctrl+click) to see what changed between them.</source>
        <translation>Eine Version auswählen, um ihren Zustand zu sehen, oder zwei (Strg+Klick), um zu sehen, was sich zwischen ihnen geändert hat.</translation>
    </message>
    <message numerus="yes">
        <source>%n versions are selected: select one to see its state, or two to compare them.</source>
        <translation>
            <numerusform>%n Version ist ausgewählt: eine auswählen, um ihren Zustand zu sehen, oder zwei, um sie zu vergleichen.</numerusform>
            <numerusform>%n Versionen sind ausgewählt: eine auswählen, um ihren Zustand zu sehen, oder zwei, um sie zu vergleichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1, Version %2</translation>
    </message>
    <message>
        <source>Version %1 does not hold valid JSON.</source>
        <translation>Version %1 enthält kein gültiges JSON.</translation>
    </message>
    <message>
        <source>updated %1</source>
        <translation>aktualisiert %1</translation>
    </message>
    <message>
        <source>%1: version %2 → version %3</source>
        <translation>%1: Version %2 → Version %3</translation>
    </message>
    <message>
        <source>Versions %1 and %2 hold the same state.</source>
        <translation>Die Versionen %1 und %2 enthalten denselben Zustand.</translation>
    </message>
    <message>
        <source>Version %1 of the state of %2 is no longer stored. The versions listed are those still stored.</source>
        <translation>Version %1 des Zustands von %2 ist nicht mehr gespeichert. Aufgeführt sind die Versionen, die noch gespeichert sind.</translation>
    </message>
</context>
<context>
    <name>porthole::ConnectionChooser</name>
    <message>
        <source>The connection cannot be opened</source>
        <translation>Die Verbindung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The password was not kept</source>
        <translation>Das Passwort wurde nicht gespeichert</translation>
    </message>
    <message>
        <source>The password was used for this connection but not kept: %1. Set it in the environment (PGPASSWORD, REDISCLI_AUTH) or in ~/.pgpass instead.</source>
        <translation>Das Passwort wurde für diese Verbindung verwendet, aber nicht gespeichert: %1. Legen Sie es stattdessen in der Umgebung (PGPASSWORD, REDISCLI_AUTH) oder in ~/.pgpass fest.</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <source>Batch files: %1</source>
        <translation>Batch-Dateien: %1</translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation>Redis: %1</translation>
    </message>
    <message>
        <source>No connections yet</source>
        <translation>Noch keine Verbindungen</translation>
    </message>
</context>
<context>
    <name>porthole::ConnectionDialog</name>
    <message>
        <source>Delete Profile</source>
        <translation>Profil löschen</translation>
    </message>
    <message>
        <source>from PGPASSWORD, ~/.pgpass or the keychain</source>
        <translation>aus PGPASSWORD, ~/.pgpass oder dem Schlüsselbund</translation>
    </message>
    <message>
        <source>from REDISCLI_AUTH or the keychain</source>
        <translation>aus REDISCLI_AUTH oder dem Schlüsselbund</translation>
    </message>
    <message>
        <source>&amp;Keep the passwords in the system keychain</source>
        <translation>Passwörter im System-Schlüsselbund &amp;speichern</translation>
    </message>
    <message>
        <source>Open Connection</source>
        <translation>Verbindung öffnen</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <source>Recent: %1</source>
        <translation>Zuletzt: %1</translation>
    </message>
    <message>
        <source>a SQLite file, or postgresql://user@host:5432/db</source>
        <translation>eine SQLite-Datei oder postgresql://user@host:5432/db</translation>
    </message>
    <message>
        <source>the data directory&apos;s batch store</source>
        <translation>der Batch-Speicher des Datenverzeichnisses</translation>
    </message>
    <message>
        <source>none, or redis://host:6379/0</source>
        <translation>keiner oder redis://host:6379/0</translation>
    </message>
    <message>
        <source>a name to save this connection under (optional)</source>
        <translation>ein Name, unter dem diese Verbindung gespeichert wird (optional)</translation>
    </message>
    <message>
        <source>Passwords are never written to Porthole&apos;s settings. Kept here, they are read from the system keychain next time.</source>
        <translation>Passwörter werden nie in die Einstellungen von Porthole geschrieben. Hier gespeichert, werden sie beim nächsten Mal aus dem System-Schlüsselbund gelesen.</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>Database &amp;password:</source>
        <translation>Datenbank-&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Batch files:</source>
        <translation>&amp;Batch-Dateien:</translation>
    </message>
    <message>
        <source>&amp;Redis:</source>
        <translation>&amp;Redis:</translation>
    </message>
    <message>
        <source>Redis pass&amp;word:</source>
        <translation>Redis-Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Save as pro&amp;file:</source>
        <translation>Als Pro&amp;fil speichern:</translation>
    </message>
    <message>
        <source>Name a database: a SQLite file, or a postgresql:// URL.</source>
        <translation>Geben Sie eine Datenbank an: eine SQLite-Datei oder eine postgresql://-URL.</translation>
    </message>
    <message>
        <source>A SQLite file takes no password.</source>
        <translation>Eine SQLite-Datei hat kein Passwort.</translation>
    </message>
    <message>
        <source>A Redis password needs a Redis server.</source>
        <translation>Ein Redis-Passwort erfordert einen Redis-Server.</translation>
    </message>
    <message>
        <source>This profile was saved read-only, and opens read-only.</source>
        <translation>Dieses Profil wurde schreibgeschützt gespeichert und wird schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <source>Profile: %1 (deleted)</source>
        <translation>Profil: %1 (gelöscht)</translation>
    </message>
    <message>
        <source>SQLite Database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.db *.sqlite *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Batch-File Folder</source>
        <translation>Batch-Datei-Ordner</translation>
    </message>
    <message>
        <source>F&amp;ile…</source>
        <translation>Date&amp;i…</translation>
    </message>
    <message>
        <source>Fo&amp;lder…</source>
        <translation>Ord&amp;ner…</translation>
    </message>
    <message>
        <source>&amp;Use:</source>
        <translation>&amp;Verwenden:</translation>
    </message>
    <message>
        <source>R&amp;ead-only: change nothing, not even the schema</source>
        <translation>Schreib&amp;geschützt: nichts ändern, auch nicht das Schema</translation>
    </message>
    <message>
        <source>The database is attached as it is: it is not migrated, nothing in the window can change it (no replay, edit, purge or move, not even after unlocking), and the receiver cannot write into it.</source>
        <translation>Die Datenbank wird so angebunden, wie sie ist: Sie wird nicht migriert, nichts im Fenster kann sie ändern (kein erneutes Senden, Bearbeiten, Aussortieren oder Verschieben, auch nicht nach dem Entsperren), und der Empfänger kann nicht in sie schreiben.</translation>
    </message>
</context>
<context>
    <name>porthole::ConsoleModel</name>
    <message>
        <source>Cancelled: the statement was stopped.</source>
        <translation>Abgebrochen: die Anweisung wurde angehalten.</translation>
    </message>
    <message>
        <source>Showing the first %L1 rows; Export writes every row.</source>
        <translation>Die ersten %L1 Zeilen werden gezeigt; Exportieren schreibt alle.</translation>
    </message>
</context>
<context>
    <name>porthole::ConsumerGroupModel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Entries of the stream not yet delivered to this group</source>
        <translation>Einträge des Streams, die dieser Gruppe noch nicht zugestellt wurden</translation>
    </message>
    <message>
        <source>%1 (this window)</source>
        <translation>%1 (dieses Fenster)</translation>
    </message>
    <message>
        <source>%1, stalled</source>
        <translation>%1, blockiert</translation>
    </message>
    <message>
        <source>Holds %1 unacknowledged entries and has not read for %2: the other workers take them over.</source>
        <translation>Hält %1 unbestätigte Einträge und hat seit %2 nicht gelesen: Die anderen Worker übernehmen sie.</translation>
    </message>
    <message>
        <source>Idle: the time since this consumer last read from the stream</source>
        <translation>Leerlauf: die Zeit, seit dieser Consumer zuletzt aus dem Stream gelesen hat</translation>
    </message>
    <message>
        <source>Stream / group, consumer</source>
        <translation>Stream / Gruppe, Consumer</translation>
    </message>
    <message>
        <source>Pending</source>
        <extracomment>A column: how many entries a consumer holds unacknowledged</extracomment>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Idle</source>
        <extracomment>A column: how long ago a consumer last read</extracomment>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Lag</source>
        <extracomment>A column: how many entries of the stream the group has not been delivered yet</extracomment>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message numerus="yes">
        <source>%1 / %2 (%Ln consumer)</source>
        <translation>
            <numerusform>%1 / %2 (%Ln Consumer)</numerusform>
            <numerusform>%1 / %2 (%Ln Consumer)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 / %2 (%Ln consumers)</source>
        <translation>
            <numerusform>%1 / %2 (%Ln Consumer)</numerusform>
            <numerusform>%1 / %2 (%Ln Consumer)</numerusform>
        </translation>
    </message>
    <message>
        <source>Last delivered to this group: entry %1</source>
        <translation>Zuletzt an diese Gruppe zugestellt: Eintrag %1</translation>
    </message>
    <message>
        <source>No backlog history of this group in the last hour</source>
        <translation>Kein Verlauf des Rückstands dieser Gruppe in der letzten Stunde</translation>
    </message>
    <message>
        <source>Lag and pending: %1
%2</source>
        <extracomment>%1: &quot;draining, empty in about 4 min (3 min – 5 min)&quot;, %2: the rates of 5, 15, 60 min</extracomment>
        <translation>Rückstand und ausstehend: %1
%2</translation>
    </message>
    <message>
        <source>Drains in</source>
        <extracomment>A column: when the group&apos;s backlog is empty at its current rate, or that it grows</extracomment>
        <translation>Leer in</translation>
    </message>
</context>
<context>
    <name>porthole::CsvWriter</name>
    <message>
        <source>The file took only part of a line.</source>
        <translation>Es konnte nur ein Teil einer Zeile in die Datei geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>porthole::DatabaseHealthModel</name>
    <message>
        <source>not measured on this engine</source>
        <translation>auf dieser Datenbank-Engine nicht gemessen</translation>
    </message>
    <message>
        <source>needs the pg_monitor role</source>
        <translation>braucht die Rolle pg_monitor</translation>
    </message>
    <message>
        <source>the server&apos;s disk is not visible from here</source>
        <translation>die Festplatte des Servers ist von hier aus nicht sichtbar</translation>
    </message>
    <message>
        <source>not measured: the file is too large to measure quickly</source>
        <translation>nicht gemessen: die Datei ist zu groß, um sie schnell zu messen</translation>
    </message>
    <message>
        <source>not measured: this SQLite has no dbstat</source>
        <translation>nicht gemessen: diesem SQLite fehlt dbstat</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>An estimate: the table is too big to count quickly.</source>
        <translation>Eine Schätzung: die Tabelle ist zu groß, um sie schnell zu zählen.</translation>
    </message>
    <message>
        <source>%L1 bytes, with its indexes</source>
        <translation>%L1 Bytes, mit ihren Indizes</translation>
    </message>
    <message>
        <source>No indexed time column to count the last day&apos;s rows by.</source>
        <translation>Keine indizierte Zeitspalte, nach der sich die Zeilen des letzten Tages zählen ließen.</translation>
    </message>
    <message>
        <source>Rows of the last 24 hours, by %1.</source>
        <translation>Zeilen der letzten 24 Stunden, nach %1.</translation>
    </message>
    <message>
        <source>SQLite has no autovacuum.</source>
        <translation>SQLite hat kein Autovacuum.</translation>
    </message>
    <message>
        <source>Last vacuum: %1
Last autoanalyze: %2</source>
        <translation>Letztes Vacuum: %1
Letztes Autoanalyze: %2</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Growth/day</source>
        <translation>Zuwachs/Tag</translation>
    </message>
    <message>
        <source>Last autovacuum</source>
        <translation>Letztes Autovacuum</translation>
    </message>
</context>
<context>
    <name>porthole::WaitDialog</name>
    <message>
        <source>%1 so far</source>
        <translation>bisher %1</translation>
    </message>
    <message>
        <source>%1 of %2 written</source>
        <translation>%1 von %2 geschrieben</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>noch etwa %1</translation>
    </message>
</context>
<context>
    <name>porthole::DatabasePrep</name>
    <message>
        <source>Migrating the database</source>
        <translation>Die Datenbank wird migriert</translation>
    </message>
    <message>
        <source>Porthole is bringing %1 from schema version %2 to %3. On a large database this takes minutes; the window opens when it is done. Stopping Porthole meanwhile leaves the database as it was.</source>
        <translation>Porthole bringt %1 von Schemaversion %2 auf %3. Bei einer großen Datenbank dauert das Minuten; das Fenster öffnet sich, sobald es fertig ist. Wird Porthole währenddessen beendet, bleibt die Datenbank, wie sie war.</translation>
    </message>
    <message>
        <source>Porthole cannot use the database %1, and has changed nothing in it:
%2</source>
        <translation>Porthole kann die Datenbank %1 nicht verwenden und hat nichts an ihr geändert:
%2</translation>
    </message>
    <message>
        <source>The database %1 holds tables that Porthole did not create (%2). Porthole can adopt them: it checks their columns and adds what it needs, keeping every row, and the pipeline&apos;s own statements keep working. The plan below lists each statement and why.

Adopt and migrate it now?</source>
        <translation>Die Datenbank %1 enthält Tabellen, die Porthole nicht angelegt hat (%2). Porthole kann sie übernehmen: Es prüft ihre Spalten und ergänzt, was es braucht; jede Zeile bleibt erhalten, und die eigenen Anweisungen der Pipeline funktionieren weiter. Der Plan darunter nennt jede Anweisung mit ihrem Grund.

Jetzt übernehmen und migrieren?</translation>
    </message>
    <message>
        <source>The database %1 is at schema version %2; this Porthole uses version %3.

Migrate it now?</source>
        <translation>Die Datenbank %1 hat Schemaversion %2; dieses Porthole verwendet Version %3.

Jetzt migrieren?</translation>
    </message>
    <message>
        <source>A copy of the file is taken first.</source>
        <translation>Zuvor wird eine Kopie der Datei angelegt.</translation>
    </message>
    <message>
        <source>Adopt the database?</source>
        <translation>Datenbank übernehmen?</translation>
    </message>
    <message>
        <source>Migrate the database?</source>
        <translation>Datenbank migrieren?</translation>
    </message>
    <message>
        <source>Open it read-only?</source>
        <translation>Schreibgeschützt öffnen?</translation>
    </message>
    <message>
        <source>Porthole can open %1 read-only instead, changing nothing in it: the panes show its tables as they are, and a pane that needs what adopting would add says so in its place. Nothing is written: no receiver, no actions, no alert history.

Open it read-only?</source>
        <translation>Porthole kann %1 stattdessen schreibgeschützt öffnen und ändert darin nichts: die Bereiche zeigen seine Tabellen, wie sie sind, und ein Bereich, der braucht, was die Übernahme hinzufügen würde, sagt das an seiner Stelle. Nichts wird geschrieben: kein Empfänger, keine Aktionen, kein Alarmverlauf.

Schreibgeschützt öffnen?</translation>
    </message>
</context>
<context>
    <name>porthole::DeadLettersPane</name>
    <message>
        <source>(no error message)</source>
        <translation>(keine Fehlermeldung)</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Dead letter actions</source>
        <translation>Dead-Letter-Aktionen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Read the dead letters and group them again (F5)</source>
        <translation>Die Dead Letters erneut lesen und gruppieren (F5)</translation>
    </message>
    <message>
        <source>F&amp;ind:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>Grouping the dead letters by their error…</source>
        <translation>Dead Letters werden nach Fehler gruppiert…</translation>
    </message>
    <message>
        <source>Show &amp;all dead letters</source>
        <translation>&amp;Alle Dead Letters anzeigen</translation>
    </message>
    <message>
        <source>There are no dead letters: every message was delivered or is still being retried.</source>
        <translation>Es gibt keine Dead Letters: Jede Nachricht wurde zugestellt oder wird noch wiederholt.</translation>
    </message>
    <message>
        <source>Cannot group the dead letters by their error.
%1</source>
        <translation>Die Dead Letters können nicht nach Fehler gruppiert werden.
%1</translation>
    </message>
    <message>
        <source>the dead letters shown (%1)</source>
        <translation>die angezeigten Dead Letters (%1)</translation>
    </message>
    <message>
        <source>There are no dead letters to group.</source>
        <translation>Es gibt keine Dead Letters zum Gruppieren.</translation>
    </message>
    <message>
        <source>All dead letters</source>
        <translation>Alle Dead Letters</translation>
    </message>
    <message>
        <source>Dead letters with the error: %1</source>
        <translation>Dead Letters mit dem Fehler: %1</translation>
    </message>
    <message>
        <source>No dead letters of this group are left.</source>
        <translation>Von dieser Gruppe sind keine Dead Letters mehr übrig.</translation>
    </message>
    <message>
        <source>No dead letter holds “%1”.</source>
        <translation>Kein Dead Letter enthält „%1“.</translation>
    </message>
    <message>
        <source>No dead letter of this group holds “%1”.</source>
        <translation>Kein Dead Letter dieser Gruppe enthält „%1“.</translation>
    </message>
    <message>
        <source>dead letters with the error: %1</source>
        <translation>Dead Letters mit dem Fehler: %1</translation>
    </message>
    <message>
        <source>every dead letter shown</source>
        <translation>alle angezeigten Dead Letters</translation>
    </message>
    <message numerus="yes">
        <source>%Ln dead letters in %1 groups by their error: click one to see its dead letters.</source>
        <translation>
            <numerusform>%Ln Dead Letter in %1 Gruppen nach Fehler: Klicken Sie auf eine, um ihre Dead Letters zu sehen.</numerusform>
            <numerusform>%Ln Dead Letters in %1 Gruppen nach Fehler: Klicken Sie auf eine, um ihre Dead Letters zu sehen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %Ln dead letters in %1 groups by their error: click one to see its dead letters.</source>
        <translation>
            <numerusform>Der neueste %Ln Dead Letter in %1 Gruppen nach Fehler: Klicken Sie auf eine, um ihre Dead Letters zu sehen.</numerusform>
            <numerusform>Die neuesten %Ln Dead Letters in %1 Gruppen nach Fehler: Klicken Sie auf eine, um ihre Dead Letters zu sehen.</numerusform>
        </translation>
    </message>
    <message>
        <source>dead letters with the error: %1, holding “%2”</source>
        <translation>Dead Letters mit dem Fehler: %1, die „%2“ enthalten</translation>
    </message>
    <message>
        <source>every dead letter shown, holding “%1”</source>
        <translation>alle angezeigten Dead Letters, die „%1“ enthalten</translation>
    </message>
    <message>
        <source>Payload, error, metadata or id</source>
        <translation>Nutzdaten, Fehler, Metadaten oder ID</translation>
    </message>
    <message>
        <source>Shows the dead letters whose payload, error or metadata (a trace id) contains the text, in any case, or whose id it is (Ctrl+F)</source>
        <translation>Zeigt die Dead Letters, deren Nutzdaten, Fehler oder Metadaten (eine Trace-ID) den Text enthalten, gleich in welcher Schreibweise, oder deren ID er ist (Strg+F)</translation>
    </message>
    <message>
        <source>Dead letters on the port %1</source>
        <translation>Dead Letters am Port %1</translation>
    </message>
    <message>
        <source>Dead letters on the port %1 with the error: %2</source>
        <translation>Dead Letters am Port %1 mit dem Fehler: %2</translation>
    </message>
    <message>
        <source>%1, on the port %2</source>
        <extracomment>What an action acts on, narrowed to a port: &quot;every dead letter shown, on the port mail&quot;</extracomment>
        <translation>%1, am Port %2</translation>
    </message>
    <message>
        <source>Compare with…</source>
        <translation>Vergleichen mit…</translation>
    </message>
    <message>
        <source>The error signatures of a recent range beside an earlier one: new, grown, gone, with their counts</source>
        <translation>Die Fehlersignaturen eines jüngsten Zeitraums neben einem früheren: neu, gewachsen, verschwunden, mit ihren Anzahlen</translation>
    </message>
</context>
<context>
    <name>porthole::DemoSession</name>
    <message>
        <source>Filling the demo store with a week of pipeline data…</source>
        <translation>Demo-Speicher wird mit einer Woche Pipeline-Daten gefüllt…</translation>
    </message>
    <message>
        <source>Writing demo batch files…</source>
        <translation>Demo-Batch-Dateien werden geschrieben…</translation>
    </message>
    <message>
        <source>Importing the batch files…</source>
        <translation>Batch-Dateien werden importiert…</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Starting a private Redis server…</source>
        <translation>Privater Redis-Server wird gestartet…</translation>
    </message>
    <message>
        <source>No free port on 127.0.0.1: %1</source>
        <translation>Kein freier Port auf 127.0.0.1: %1</translation>
    </message>
    <message>
        <source>Sending demo traffic…</source>
        <translation>Demo-Verkehr wird gesendet…</translation>
    </message>
    <message>
        <source>it ended with exit code %1</source>
        <translation>er endete mit Exit-Code %1</translation>
    </message>
    <message>
        <source>Filling the demo store with a week of pipeline data failed: %1</source>
        <translation>Füllen des Demo-Speichers mit einer Woche Pipeline-Daten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Writing demo batch files failed: %1</source>
        <translation>Schreiben der Demo-Batch-Dateien fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Importing the batch files failed: %1</source>
        <translation>Importieren der Batch-Dateien fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Starting a private Redis server failed: %1</source>
        <translation>Starten eines privaten Redis-Servers fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Sending demo traffic failed: %1</source>
        <translation>Senden von Demo-Verkehr fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>porthole::DesktopNotifier</name>
    <message>
        <source>no D-Bus session bus</source>
        <translation>kein D-Bus-Sitzungsbus</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
</context>
<context>
    <name>porthole::EditPayloadDialog</name>
    <message>
        <source>Edit and replay</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Save and &amp;replay…</source>
        <translation>Speichern und e&amp;rneut senden…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Port message %1 on %2, %3, version %4. The edit is kept in the row&apos;s history and the audit log.</source>
        <translation>Port-Nachricht %1 auf %2, %3, Version %4. Die Änderung wird im Verlauf der Zeile und im Protokoll festgehalten.</translation>
    </message>
    <message>
        <source>The changes below are now against its current payload; save again to write over it.</source>
        <translation>Die Änderungen unten beziehen sich jetzt auf die aktuellen Nutzdaten; speichern Sie erneut, um sie zu überschreiben.</translation>
    </message>
    <message>
        <source>&amp;Replay…</source>
        <translation>E&amp;rneut senden…</translation>
    </message>
</context>
<context>
    <name>porthole::ErrorComparisonDialog</name>
    <message>
        <source>Compare dead letters</source>
        <translation>Dead Letters vergleichen</translation>
    </message>
    <message>
        <source>The last hour</source>
        <translation>Die letzte Stunde</translation>
    </message>
    <message>
        <source>The last 6 hours</source>
        <translation>Die letzten 6 Stunden</translation>
    </message>
    <message>
        <source>The last day</source>
        <translation>Der letzte Tag</translation>
    </message>
    <message>
        <source>The last week</source>
        <translation>Die letzte Woche</translation>
    </message>
    <message>
        <source>The same length just before</source>
        <translation>Die gleiche Dauer direkt davor</translation>
    </message>
    <message>
        <source>The same range a day before</source>
        <translation>Der gleiche Zeitraum einen Tag vorher</translation>
    </message>
    <message>
        <source>The same range a week before</source>
        <translation>Der gleiche Zeitraum eine Woche vorher</translation>
    </message>
    <message>
        <source>Chosen…</source>
        <translation>Gewählt…</translation>
    </message>
    <message>
        <source>Dead letters of</source>
        <translation>Dead Letters aus</translation>
    </message>
    <message>
        <source>Compared with</source>
        <translation>Verglichen mit</translation>
    </message>
    <message>
        <source>Compare &amp;again</source>
        <translation>&amp;Erneut vergleichen</translation>
    </message>
    <message>
        <source>Cannot compare the dead letters: %1</source>
        <translation>Die Dead Letters können nicht verglichen werden: %1</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>Compare with the same range this many hours before:</source>
        <translation>Mit dem gleichen Zeitraum so viele Stunden vorher vergleichen:</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln dead letters from %1 against %L2 from %3.</source>
        <extracomment>&quot;12 dead letters from … to … against 3 from … to …&quot;</extracomment>
        <translation>
            <numerusform>%Ln Dead Letter von %1 gegen %L2 von %3.</numerusform>
            <numerusform>%Ln Dead Letters von %1 gegen %L2 von %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only the newest %L1 of each range were grouped.</source>
        <translation>Nur die neuesten %L1 jedes Zeitraums wurden gruppiert.</translation>
    </message>
</context>
<context>
    <name>porthole::ErrorComparisonModel</name>
    <message>
        <source>new</source>
        <extracomment>An error signature with dead letters now and none in the earlier range</extracomment>
        <translation>neu</translation>
    </message>
    <message>
        <source>grown</source>
        <translation>gewachsen</translation>
    </message>
    <message>
        <source>same</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>shrunk</source>
        <translation>geschrumpft</translation>
    </message>
    <message>
        <source>gone</source>
        <extracomment>An error signature with dead letters in the earlier range and none now</extracomment>
        <translation>verschwunden</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>Before</source>
        <extracomment>A column: the dead letters of a signature in the earlier range</extracomment>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Now</source>
        <extracomment>A column: the dead letters of a signature in the range looked at</extracomment>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>What changed</source>
        <extracomment>A column: new, grown, same, shrunk or gone</extracomment>
        <translation>Was sich änderte</translation>
    </message>
</context>
<context>
    <name>porthole::ErrorGroupModel</name>
    <message>
        <source>Signature</source>
        <extracomment>A column: an error message with its numbers, ids and times left out</extracomment>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>Count</source>
        <extracomment>A column: how many dead letters have this error</extracomment>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Zuerst gesehen</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>porthole::ExportController</name>
    <message>
        <source>An export is under way already; wait for it to finish.</source>
        <translation>Ein Export läuft bereits; warten Sie, bis er fertig ist.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Exporting %1 to %2…</source>
        <translation>%1 wird nach %2 exportiert…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Exporting the batch files to %1…</source>
        <translation>Batch-Dateien werden nach %1 exportiert…</translation>
    </message>
    <message>
        <source>%1 rows written</source>
        <translation>%1 Zeilen geschrieben</translation>
    </message>
    <message>
        <source>%1 messages written</source>
        <translation>%1 Nachrichten geschrieben</translation>
    </message>
    <message>
        <source>%1 of %2 rows written</source>
        <translation>%1 von %2 Zeilen geschrieben</translation>
    </message>
    <message>
        <source>%1 of %2 messages written</source>
        <translation>%1 von %2 Nachrichten geschrieben</translation>
    </message>
    <message>
        <source>%1 of about %2 rows written</source>
        <translation>%1 von etwa %2 Zeilen geschrieben</translation>
    </message>
    <message>
        <source>%1 of about %2 messages written</source>
        <translation>%1 von etwa %2 Nachrichten geschrieben</translation>
    </message>
    <message>
        <source>Exported %1 rows of %2 to %3.</source>
        <translation>%1 Zeilen aus %2 nach %3 exportiert.</translation>
    </message>
    <message>
        <source>Exported %1 messages of %2 to %3.</source>
        <translation>%1 Nachrichten aus %2 nach %3 exportiert.</translation>
    </message>
    <message>
        <source>Exported %1 messages of the batch files to %2.</source>
        <translation>%1 Nachrichten der Batch-Dateien nach %2 exportiert.</translation>
    </message>
</context>
<context>
    <name>porthole::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>Writes %1 in the order shown: every row the filter matches, not only those read so far.</source>
        <translation>Schreibt %1 in der angezeigten Reihenfolge: jede Zeile, auf die der Filter passt, nicht nur die bisher gelesenen.</translation>
    </message>
    <message>
        <source>CSV (comma-separated, RFC 4180)</source>
        <translation>CSV (kommagetrennt, RFC 4180)</translation>
    </message>
    <message>
        <source>JSON (one array)</source>
        <translation>JSON (ein Array)</translation>
    </message>
    <message>
        <source>JSON Lines (an object a line)</source>
        <translation>JSON Lines (ein Objekt pro Zeile)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Begin with a byte order mark (for spreadsheets that need it to read UTF-8)</source>
        <translation>Mit Byte Order Mark beginnen (für Tabellenkalkulationen, die es zum Lesen von UTF-8 brauchen)</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>Date&amp;i:</translation>
    </message>
    <message>
        <source>&amp;Columns:</source>
        <translation>&amp;Spalten:</translation>
    </message>
    <message>
        <source>&amp;All</source>
        <translation>&amp;Alle</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>Kei&amp;ne</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl)</source>
        <translation>JSON-Lines-Dateien (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>porthole::FilePathField</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Write to</source>
        <translation>Schreiben nach</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
</context>
<context>
    <name>porthole::GoToBox</name>
    <message>
        <source>Go to a port, component, checkpoint, batch, message, key…</source>
        <translation>Zu Port, Komponente, Checkpoint, Batch, Nachricht, Schlüssel gehen…</translation>
    </message>
    <message>
        <source>Nothing to search: open a database, a batch-file folder or a Redis server.</source>
        <translation>Nichts zu durchsuchen: Öffnen Sie eine Datenbank, einen Ordner mit Batch-Dateien oder einen Redis-Server.</translation>
    </message>
    <message>
        <source>Searches %1.</source>
        <translation>Durchsucht %1.</translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>Durchsuche %1…</translation>
    </message>
    <message>
        <source>Nothing matches &apos;%1&apos; in %2.</source>
        <translation>Nichts in %2 passt zu „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>%n found in %1.</source>
        <translation>
            <numerusform>%n Treffer in %1.</numerusform>
            <numerusform>%n Treffer in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::GoToController</name>
    <message>
        <source>&amp;Go to Anything…</source>
        <translation>&amp;Gehe zu…</translation>
    </message>
</context>
<context>
    <name>porthole::GoToModel</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Redis key</source>
        <translation>Redis-Schlüssel</translation>
    </message>
    <message>
        <source>Saved view</source>
        <translation>Gespeicherte Ansicht</translation>
    </message>
    <message>
        <source>ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <source>checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>batch files</source>
        <translation>Batch-Dateien</translation>
    </message>
    <message>
        <source>message numbers</source>
        <translation>Nachrichtennummern</translation>
    </message>
    <message>
        <source>Redis keys</source>
        <translation>Redis-Schlüssel</translation>
    </message>
    <message>
        <source>saved views</source>
        <translation>gespeicherte Ansichten</translation>
    </message>
    <message>
        <source>Message #%1</source>
        <translation>Nachricht #%1</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>Journey</source>
        <translation>Weg</translation>
    </message>
    <message>
        <source>message and trace ids</source>
        <extracomment>What Go to anything searched: ids that name a message&apos;s journey</extracomment>
        <translation>Nachrichten- und Trace-IDs</translation>
    </message>
    <message>
        <source>Where %1 went</source>
        <translation>Weg von %1</translation>
    </message>
</context>
<context>
    <name>porthole::HardDeleteDialog</name>
    <message>
        <source>Delete purged messages for good</source>
        <translation>Aussortierte Nachrichten endgültig löschen</translation>
    </message>
    <message>
        <source>Purged port messages are kept until they are deleted here. This cannot be undone; the audit log records it.</source>
        <translation>Aussortierte Port-Nachrichten bleiben erhalten, bis sie hier gelöscht werden. Dies kann nicht rückgängig gemacht werden; das Protokoll vermerkt es.</translation>
    </message>
    <message>
        <source> days ago</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <source>Purged more than:</source>
        <translation>Aussortiert vor mehr als:</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt…</translation>
    </message>
    <message>
        <source>No purged message is that old.</source>
        <translation>Keine aussortierte Nachricht ist so alt.</translation>
    </message>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>Zur Bestätigung %1 eingeben:</translation>
    </message>
    <message>
        <source>&amp;Delete %1</source>
        <translation>%1 &amp;löschen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln purged messages will be deleted for good:</source>
        <translation>
            <numerusform>%Ln aussortierte Nachricht wird endgültig gelöscht:</numerusform>
            <numerusform>%Ln aussortierte Nachrichten werden endgültig gelöscht:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::HealthHistoryModel</name>
    <message>
        <source>The heartbeat&apos;s time, in local time (UTC in each cell&apos;s tooltip)</source>
        <translation>Die Zeit des Heartbeats, in Ortszeit (UTC im Tooltip jeder Zelle)</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
</context>
<context>
    <name>porthole::HealthHistoryPane</name>
    <message>
        <source>Health history</source>
        <translation>Zustandsverlauf</translation>
    </message>
    <message>
        <source>all components</source>
        <translation>alle Komponenten</translation>
    </message>
    <message>
        <source>Only the heartbeats of this component</source>
        <translation>Nur die Heartbeats dieser Komponente</translation>
    </message>
    <message>
        <source>&amp;Component:</source>
        <translation>&amp;Komponente:</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>jeder Status</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>A silence longer than this between two heartbeats is marked as a gap</source>
        <translation>Eine längere Stille zwischen zwei Heartbeats wird als Lücke markiert</translation>
    </message>
    <message>
        <source>&amp;Gap over:</source>
        <translation>&amp;Lücke ab:</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>Shows new heartbeats as the components send them</source>
        <translation>Zeigt neue Heartbeats, sobald die Komponenten sie senden</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads the health history again (F5)</source>
        <translation>Liest den Zustandsverlauf erneut (F5)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Writes every heartbeat the filter matches to a CSV, JSON or JSON Lines file (Ctrl+E)</source>
        <translation>Schreibt jeden Heartbeat, auf den der Filter passt, in eine CSV-, JSON- oder JSON-Lines-Datei (Strg+E)</translation>
    </message>
    <message>
        <source>the heartbeats shown (%1)</source>
        <translation>die angezeigten Heartbeats (%1)</translation>
    </message>
    <message>
        <source>Reading the health history…</source>
        <translation>Der Zustandsverlauf wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the health history.
%1
Press F5 to try again.</source>
        <translation>Der Zustandsverlauf kann nicht gelesen werden.
%1
F5 drücken, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>No heartbeat matches the filter.</source>
        <translation>Kein Heartbeat passt auf den Filter.</translation>
    </message>
    <message>
        <source>No component has sent a heartbeat yet.</source>
        <translation>Noch keine Komponente hat einen Heartbeat gesendet.</translation>
    </message>
    <message>
        <source>Pick a component (or double-click a row) to see its latest status and its timeline alone.</source>
        <translation>Eine Komponente wählen (oder eine Zeile doppelklicken), um ihren letzten Status und nur ihre Zeitleiste zu sehen.</translation>
    </message>
    <message>
        <source>%1 is %2: last heartbeat %3</source>
        <translation>%1 ist %2: letzter Heartbeat %3</translation>
    </message>
    <message>
        <source>The timeline needs every status: clear the status filter to see it.</source>
        <translation>Die Zeitleiste braucht jeden Status: den Statusfilter leeren, um sie zu sehen.</translation>
    </message>
    <message>
        <source>No heartbeat to draw.</source>
        <translation>Kein Heartbeat zu zeichnen.</translation>
    </message>
    <message>
        <source>The timeline cannot be read: %1</source>
        <translation>Die Zeitleiste kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>porthole::HealthTimeline</name>
    <message numerus="yes">
        <source>%1: no heartbeat for %Ln s, %2 to %3</source>
        <translation>
            <numerusform>%1: %Ln s kein Heartbeat, %2 bis %3</numerusform>
            <numerusform>%1: %Ln s kein Heartbeat, %2 bis %3</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 from %3 to %4</source>
        <translation>%1: %2 von %3 bis %4</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>beeinträchtigt</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>gestört</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>no heartbeat (gap)</source>
        <translation>kein Heartbeat (Lücke)</translation>
    </message>
</context>
<context>
    <name>porthole::HelpBrowser</name>
    <message>
        <source>Porthole User Guide</source>
        <translation>Porthole-Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>Zurück (Alt+Left)</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>Vor (Alt+Right)</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>&amp;Inhalt</translation>
    </message>
</context>
<context>
    <name>porthole::IngestControl</name>
    <message>
        <source>The database (%1)</source>
        <translation>Die Datenbank (%1)</translation>
    </message>
    <message>
        <source>Batch files (%1)</source>
        <translation>Batch-Dateien (%1)</translation>
    </message>
    <message>
        <source>The database is open read-only: the receiver cannot write into it. Receive into batch files, or open the database without read-only.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet: Der Empfänger kann nicht in sie schreiben. Empfangen Sie in Batch-Dateien, oder öffnen Sie die Datenbank ohne Schreibschutz.</translation>
    </message>
    <message>
        <source>Choose a mode: stream, list or pub/sub.</source>
        <translation>Wählen Sie einen Modus: Stream, Liste oder Pub/Sub.</translation>
    </message>
</context>
<context>
    <name>porthole::IngestPane</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Ingest</source>
        <translation>Empfang</translation>
    </message>
    <message>
        <source>Source and store</source>
        <translation>Quelle und Speicher</translation>
    </message>
    <message>
        <source>&amp;Redis:</source>
        <translation>&amp;Redis:</translation>
    </message>
    <message>
        <source>Stream, consumer group</source>
        <translation>Stream, Consumer-Gruppe</translation>
    </message>
    <message>
        <source>List, reliable queue</source>
        <translation>Liste, zuverlässige Warteschlange</translation>
    </message>
    <message>
        <source>Pub/sub, at most once</source>
        <translation>Pub/Sub, höchstens einmal</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source>stream, list or channel</source>
        <translation>Stream, Liste oder Kanal</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>Sch&amp;lüssel:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>host name and process id</source>
        <translation>Hostname und Prozess-ID</translation>
    </message>
    <message>
        <source>A stable name lets a restarted worker take up its own unacknowledged messages.</source>
        <translation>Mit einem festen Namen übernimmt ein neu gestarteter Worker seine eigenen unbestätigten Nachrichten.</translation>
    </message>
    <message>
        <source>C&amp;onsumer:</source>
        <translation>C&amp;onsumer:</translation>
    </message>
    <message>
        <source>&amp;Store in:</source>
        <translation>&amp;Speichern in:</translation>
    </message>
    <message>
        <source>Store &amp;URL:</source>
        <translation>Speicher-&amp;URL:</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>S&amp;tarten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>St&amp;oppen</translation>
    </message>
    <message>
        <source>Stores and acknowledges the messages in hand, then stops.</source>
        <translation>Speichert und bestätigt die bereits empfangenen Nachrichten und stoppt dann.</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Empfangen:</translation>
    </message>
    <message>
        <source>Messages taken from Redis</source>
        <translation>Aus Redis abgeholte Nachrichten</translation>
    </message>
    <message>
        <source>Stored:</source>
        <translation>Gespeichert:</translation>
    </message>
    <message>
        <source>Stored for the first time</source>
        <translation>Erstmals gespeichert</translation>
    </message>
    <message>
        <source>Acknowledged:</source>
        <translation>Bestätigt:</translation>
    </message>
    <message>
        <source>Acknowledged to Redis, after they were durable</source>
        <translation>Gegenüber Redis bestätigt, nachdem sie dauerhaft gespeichert waren</translation>
    </message>
    <message>
        <source>Duplicates ignored:</source>
        <translation>Ignorierte Duplikate:</translation>
    </message>
    <message>
        <source>Delivered again and already stored: nothing written</source>
        <translation>Erneut zugestellt und bereits gespeichert: nichts geschrieben</translation>
    </message>
    <message>
        <source>Dead letters:</source>
        <translation>Dead Letters:</translation>
    </message>
    <message>
        <source>Payloads that could not be stored as what they claim to be, kept whole</source>
        <translation>Nutzdaten, die nicht als das gespeichert werden konnten, was sie vorgeben zu sein; vollständig aufbewahrt</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>Rate:</translation>
    </message>
    <message>
        <source>Messages a second</source>
        <translation>Nachrichten pro Sekunde</translation>
    </message>
    <message>
        <source>Pending:</source>
        <translation>Ausstehend:</translation>
    </message>
    <message>
        <source>Delivered by Redis and not yet acknowledged (all consumers)</source>
        <translation>Von Redis zugestellt und noch nicht bestätigt (alle Consumer)</translation>
    </message>
    <message>
        <source>Stream length:</source>
        <translation>Stream-Länge:</translation>
    </message>
    <message>
        <source>Entries in the stream, or elements waiting in the list</source>
        <translation>Einträge im Stream oder wartende Elemente in der Liste</translation>
    </message>
    <message>
        <source>Oldest pending:</source>
        <translation>Älteste ausstehende:</translation>
    </message>
    <message>
        <source>How long the oldest unacknowledged message has waited</source>
        <translation>Wie lange die älteste unbestätigte Nachricht schon wartet</translation>
    </message>
    <message>
        <source>Lost at source:</source>
        <translation>An der Quelle verloren:</translation>
    </message>
    <message>
        <source>Trimmed by the producer before they were stored: gone from Redis</source>
        <translation>Vom Erzeuger entfernt, bevor sie gespeichert wurden: aus Redis verschwunden</translation>
    </message>
    <message>
        <source>Last errors</source>
        <translation>Letzte Fehler</translation>
    </message>
    <message>
        <source>No errors since Porthole started.</source>
        <translation>Keine Fehler seit dem Start von Porthole.</translation>
    </message>
    <message>
        <source>Consumers of the group</source>
        <translation>Consumer der Gruppe</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Ingest: %1</source>
        <translation>Empfang: %1</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>Fo&amp;rtsetzen</translation>
    </message>
    <message>
        <source>For old senders only. Messages published while Porthole is disconnected are lost: Redis keeps nothing for a channel.</source>
        <translation>Nur für alte Sender. Nachrichten, die veröffentlicht werden, während Porthole nicht verbunden ist, gehen verloren: Redis speichert für einen Kanal nichts.</translation>
    </message>
    <message>
        <source>Each message is moved to a processing list and removed from it once stored: nothing is lost.</source>
        <translation>Jede Nachricht wird in eine Bearbeitungsliste verschoben und nach dem Speichern daraus entfernt: Nichts geht verloren.</translation>
    </message>
    <message>
        <source>Messages are acknowledged once stored; a crash loses nothing and stores nothing twice.</source>
        <translation>Nachrichten werden nach dem Speichern bestätigt; bei einem Absturz geht nichts verloren und nichts wird doppelt gespeichert.</translation>
    </message>
    <message>
        <source>redis://[user:password@]host:port/db</source>
        <extracomment>The form of a Redis address: keep redis://, and the punctuation between the parts</extracomment>
        <translation>redis://[Benutzer:Passwort@]Host:Port/DB</translation>
    </message>
    <message>
        <source>sqlite:PATH, postgresql://…, file:///DIR</source>
        <extracomment>The forms of a store&apos;s address: keep sqlite:, postgresql:// and file:///</extracomment>
        <translation>sqlite:PFAD, postgresql://…, file:///VERZEICHNIS</translation>
    </message>
    <message>
        <source>%1 (pub/sub: at most once)</source>
        <extracomment>%1: the receiver&apos;s state, as &quot;Running&quot;</extracomment>
        <translation>%1 (Pub/Sub: höchstens einmal)</translation>
    </message>
</context>
<context>
    <name>porthole::IngestState</name>
    <message>
        <source>stopped</source>
        <extracomment>The receiver&apos;s state, as in &quot;Receiver: stopped&quot;; the Ingest pane capitalises it</extracomment>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbindet erneut</translation>
    </message>
    <message>
        <source>waiting for the store</source>
        <translation>wartet auf den Speicher</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>wird gestoppt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>festgefahren</translation>
    </message>
</context>
<context>
    <name>porthole::IngestWorker</name>
    <message numerus="yes">
        <source>%n entries were trimmed from %1 before they were stored; they are lost at the source.</source>
        <translation>
            <numerusform>%n Eintrag wurde aus %1 entfernt, bevor er gespeichert wurde; er ist an der Quelle verloren.</numerusform>
            <numerusform>%n Einträge wurden aus %1 entfernt, bevor sie gespeichert wurden; sie sind an der Quelle verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>The stream %1 or its consumer group was gone when Porthole read it again: Redis lost its data (restarted without persistence?) or someone deleted it. Entries it held that were not yet read are lost at the source; Porthole cannot count them.</source>
        <translation>Der Stream %1 oder seine Consumer-Gruppe war beim erneuten Lesen durch Porthole verschwunden: Redis hat seine Daten verloren (ohne Persistenz neu gestartet?) oder jemand hat ihn gelöscht. Noch nicht gelesene Einträge darin sind an der Quelle verloren; Porthole kann sie nicht zählen.</translation>
    </message>
    <message>
        <source>%1 %2 on %3</source>
        <extracomment>Where the worker reads from: %1 the mode (stream, list, pubsub, as Redis names it), %2 the key, %3 the server: &quot;stream orders on redis://127.0.0.1:6379/0&quot;</extracomment>
        <translation>%1 %2 auf %3</translation>
    </message>
</context>
<context>
    <name>porthole::JourneyLanes</name>
    <message numerus="yes">
        <source>%n change by an operator</source>
        <translation>
            <numerusform>%n Änderung durch einen Operator</numerusform>
            <numerusform>%n Änderungen durch einen Operator</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changes by an operator</source>
        <translation>
            <numerusform>%n Änderung durch einen Operator</numerusform>
            <numerusform>%n Änderungen durch einen Operator</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::JourneyModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln retries</source>
        <translation>
            <numerusform>%1, %Ln Wiederholung</numerusform>
            <numerusform>%1, %Ln Wiederholungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Dead end: %1</source>
        <translation>Sackgasse: %1</translation>
    </message>
    <message>
        <source>Overdue: %1 for longer than %2 usually takes</source>
        <translation>Überfällig: länger %1, als %2 gewöhnlich braucht</translation>
    </message>
    <message>
        <source>No next hop: %1 usually sends on, and nothing came</source>
        <translation>Kein nächster Schritt: %1 sendet gewöhnlich weiter, doch nichts kam</translation>
    </message>
    <message>
        <source>No key names its cause: it follows the last hop into %1 before it.</source>
        <translation>Kein Schlüssel nennt seine Ursache: er folgt dem letzten Schritt nach %1 davor.</translation>
    </message>
    <message>
        <source>%1 usually waits %2.</source>
        <translation>%1 wartet gewöhnlich %2.</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <extracomment>An operator&apos;s change in a message&apos;s journey: &quot;replay by alice&quot;</extracomment>
        <translation>%1 durch %2</translation>
    </message>
    <message>
        <source>audit entry %1</source>
        <translation>Audit-Eintrag %1</translation>
    </message>
    <message>
        <source>An operator&apos;s %1 of %2</source>
        <translation>%1 von %2 durch einen Operator</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>After cause</source>
        <extracomment>A column: how long after the hop before it a hop came</extracomment>
        <translation>Nach Ursache</translation>
    </message>
    <message>
        <source>Waited</source>
        <extracomment>A column: how long a hop waited before it was processed</extracomment>
        <translation>Gewartet</translation>
    </message>
    <message>
        <source>Took</source>
        <extracomment>A column: how long a hop&apos;s processing took</extracomment>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>What happened</source>
        <extracomment>A column: what is wrong at a hop, or its error</extracomment>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>received: %1</source>
        <extracomment>A step of a message&apos;s journey: the ingest worker took it from a Redis key</extracomment>
        <translation>empfangen: %1</translation>
    </message>
    <message>
        <source>received from %1</source>
        <translation>empfangen aus %1</translation>
    </message>
    <message>
        <source>nothing stored</source>
        <translation>nichts gespeichert</translation>
    </message>
    <message>
        <source>batch %1, line %2</source>
        <translation>Batch %1, Zeile %2</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>stored in %1</source>
        <translation>gespeichert in %1</translation>
    </message>
    <message>
        <source>Gap: %1</source>
        <translation>Lücke: %1</translation>
    </message>
    <message>
        <source>Nothing is stored under this delivery key: not received yet, or lost</source>
        <translation>Unter diesem Zustellschlüssel ist nichts gespeichert: noch nicht empfangen oder verloren</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>%1, stored in %2</source>
        <translation>%1, gespeichert in %2</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation>bestätigt von %1</translation>
    </message>
    <message>
        <source>not yet delivered to %1</source>
        <translation>noch nicht zugestellt an %1</translation>
    </message>
    <message>
        <source>no longer in the stream</source>
        <translation>nicht mehr im Stream</translation>
    </message>
    <message>
        <source>pending at %1 of %2 (delivery count %3)</source>
        <translation>ausstehend bei %1 von %2 (Zustellungen: %3)</translation>
    </message>
    <message>
        <source>line %1 of %2</source>
        <translation>Zeile %1 von %2</translation>
    </message>
    <message>
        <source>Nothing records where this line came from: another receiver wrote it, and it is in no table</source>
        <translation>Nirgends ist verzeichnet, woher diese Zeile kam: Ein anderer Empfänger hat sie geschrieben, und sie steht in keiner Tabelle</translation>
    </message>
    <message>
        <source>stored by %1</source>
        <extracomment>A step of a message&apos;s journey: a sink component stored it in sink_storage</extracomment>
        <translation>gespeichert von %1</translation>
    </message>
    <message>
        <source>in sink_storage</source>
        <translation>in sink_storage</translation>
    </message>
    <message>
        <source>sink_storage row %1</source>
        <translation>sink_storage-Zeile %1</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
</context>
<context>
    <name>porthole::JourneyPane</name>
    <message>
        <source>Journey</source>
        <translation>Weg</translation>
    </message>
    <message>
        <source>Follows the message across the pipeline: every port message its metadata ties to it, hop by hop (Ctrl+F)</source>
        <translation>Verfolgt die Nachricht durch die Pipeline: jede Port-Nachricht, die ihre Metadaten mit ihr verbinden, Schritt für Schritt (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Verfolgen</translation>
    </message>
    <message>
        <source>&amp;Open in Queues</source>
        <translation>In „Warteschlangen“ ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Following %1…</source>
        <translation>Verfolge %1 …</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n hop across %2 components, found by %3</source>
        <translation>
            <numerusform>%1: %n Schritt über %2 Komponenten, gefunden über %3</numerusform>
            <numerusform>%1: %n Schritte über %2 Komponenten, gefunden über %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n hops across %2 components, found by %3</source>
        <translation>
            <numerusform>%1: %n Schritt über %2 Komponenten, gefunden über %3</numerusform>
            <numerusform>%1: %n Schritte über %2 Komponenten, gefunden über %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n change by an operator</source>
        <translation>
            <numerusform>; %n Änderung durch einen Operator</numerusform>
            <numerusform>; %n Änderungen durch einen Operator</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n changes by an operator</source>
        <translation>
            <numerusform>; %n Änderung durch einen Operator</numerusform>
            <numerusform>; %n Änderungen durch einen Operator</numerusform>
        </translation>
    </message>
    <message>
        <source>; nothing wrong on the way.</source>
        <translation>; unterwegs nichts Auffälliges.</translation>
    </message>
    <message numerus="yes">
        <source>; %n step needs attention.</source>
        <translation>
            <numerusform>; %n Schritt braucht Aufmerksamkeit.</numerusform>
            <numerusform>; %n Schritte brauchen Aufmerksamkeit.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n steps need attention.</source>
        <translation>
            <numerusform>; %n Schritt braucht Aufmerksamkeit.</numerusform>
            <numerusform>; %n Schritte brauchen Aufmerksamkeit.</numerusform>
        </translation>
    </message>
    <message>
        <source> More rows share its keys than a journey shows.</source>
        <translation> Mehr Zeilen teilen ihre Schlüssel, als ein Weg zeigt.</translation>
    </message>
    <message>
        <source>Cannot read the journey of %1: %2</source>
        <translation>Der Weg von %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>No port message is %1 or holds it in its metadata (%2). Check the id; a pipeline whose keys are named otherwise names them in File &gt; Settings (Journey).</source>
        <translation>Keine Port-Nachricht ist %1 oder trägt es in ihren Metadaten (%2). Prüfen Sie die ID; eine Pipeline, deren Schlüssel anders heißen, nennt sie unter Datei &gt; Einstellungen (Weg).</translation>
    </message>
    <message>
        <source>%1: stored in %2; no port message came of it.</source>
        <translation>%1: gespeichert in %2; daraus wurde keine Port-Nachricht.</translation>
    </message>
    <message>
        <source>%1: a gap: %2.</source>
        <translation>%1: eine Lücke: %2.</translation>
    </message>
    <message>
        <source>%1: nothing is stored under this delivery key. The ingest worker has not stored it yet, or it was lost; its entry in the Redis pane tells which.</source>
        <translation>%1: Unter diesem Zustellschlüssel ist nichts gespeichert. Der Ingest-Worker hat ihn noch nicht gespeichert, oder er ging verloren; sein Eintrag im Redis-Bereich sagt, was davon.</translation>
    </message>
    <message>
        <source> Its Redis entries could not be read: %1</source>
        <translation> Ihre Redis-Einträge konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Type a message&apos;s id, a trace or correlation id, a delivery key or a batch file&apos;s line (messages_batch_0012.txt:5) and press Enter, or pick a row in Queues, Dead letters, Messages, Batch files, Sink storage, Sensor events or the Redis pane and choose Journey (Ctrl+J): the message&apos;s way across the pipeline shows here, hop by hop, with what went wrong where.</source>
        <translation>Geben Sie die ID einer Nachricht, eine Trace- oder Korrelations-ID, einen Zustellschlüssel oder die Zeile einer Batch-Datei (messages_batch_0012.txt:5) ein und drücken Sie die Eingabetaste, oder wählen Sie eine Zeile in Warteschlangen, Dead Letters, Nachrichten, Batch-Dateien, Sink-Speicher, Sensorereignisse oder im Redis-Bereich und wählen Sie Weg (Strg+J): Der Weg der Nachricht durch die Pipeline erscheint hier, Schritt für Schritt, mit dem, was wo schiefging.</translation>
    </message>
    <message>
        <source>A port message&apos;s id, a trace or correlation id, a delivery key, a batch line</source>
        <translation>ID einer Port-Nachricht, Trace- oder Korrelations-ID, Zustellschlüssel, Batch-Zeile</translation>
    </message>
    <message>
        <source>Shows the selected step in its pane: a hop in Queues, a delivery&apos;s stream in Redis, its line&apos;s file in Batch files</source>
        <translation>Zeigt den gewählten Schritt in seinem Bereich: einen Schritt in Warteschlangen, den Stream einer Zustellung in Redis, die Datei ihrer Zeile in Batch-Dateien</translation>
    </message>
    <message>
        <source>&amp;Open in %1</source>
        <extracomment>The button that opens the selected step of a journey in its pane: &quot;Open in Queues&quot;</extracomment>
        <translation>In %1 ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Batch files</source>
        <translation>Batch-Dateien</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Sensor events</source>
        <translation>Sensorereignisse</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Sink storage</source>
        <translation>Sink-Speicher</translation>
    </message>
</context>
<context>
    <name>porthole::JsonDiffModel</name>
    <message>
        <source>Added</source>
        <extracomment>What happened to a JSON member or element between two versions</extracomment>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Change</source>
        <extracomment>A column: what happened to the value (added, removed, changed)</extracomment>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Path</source>
        <extracomment>A column: where the value is in the JSON document ($.orders[2].id)</extracomment>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Old</source>
        <extracomment>A column: the value before</extracomment>
        <translation>Alt</translation>
    </message>
    <message>
        <source>New</source>
        <extracomment>A column: the value after</extracomment>
        <translation>Neu</translation>
    </message>
</context>
<context>
    <name>porthole::JsonPayloadEditor</name>
    <message>
        <source>the object is not closed (a } is missing)</source>
        <translation>das Objekt ist nicht geschlossen (eine } fehlt)</translation>
    </message>
    <message>
        <source>a colon (:) is missing after the member name</source>
        <translation>nach dem Member-Namen fehlt ein Doppelpunkt (:)</translation>
    </message>
    <message>
        <source>the array is not closed (a ] is missing)</source>
        <translation>das Array ist nicht geschlossen (eine ] fehlt)</translation>
    </message>
    <message>
        <source>a comma is missing between two values</source>
        <translation>zwischen zwei Werten fehlt ein Komma</translation>
    </message>
    <message>
        <source>not a JSON value (text needs double quotes; true, false and null are lower case)</source>
        <translation>kein JSON-Wert (Text braucht doppelte Anführungszeichen; true, false und null werden kleingeschrieben)</translation>
    </message>
    <message>
        <source>the text ends in a number</source>
        <translation>der Text endet in einer Zahl</translation>
    </message>
    <message>
        <source>not a valid number</source>
        <translation>keine gültige Zahl</translation>
    </message>
    <message>
        <source>invalid escape sequence in a string</source>
        <translation>ungültige Escape-Sequenz in einer Zeichenkette</translation>
    </message>
    <message>
        <source>invalid UTF-8 in a string</source>
        <translation>ungültiges UTF-8 in einer Zeichenkette</translation>
    </message>
    <message>
        <source>the string is not closed (a &quot; is missing)</source>
        <translation>die Zeichenkette ist nicht geschlossen (ein &quot; fehlt)</translation>
    </message>
    <message>
        <source>missing value</source>
        <translation>fehlender Wert</translation>
    </message>
    <message>
        <source>more text after the end of the value</source>
        <translation>weiterer Text nach dem Ende des Werts</translation>
    </message>
    <message>
        <source>no JSON value (a payload needs one, e.g. {})</source>
        <translation>kein JSON-Wert (Nutzdaten brauchen einen, z. B. {})</translation>
    </message>
    <message>
        <source>more than one value (a payload is one JSON value)</source>
        <translation>mehr als ein Wert (Nutzdaten sind ein einziger JSON-Wert)</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>Valid JSON</source>
        <translation>Gültiges JSON</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>The changes show again once the text is valid JSON.</source>
        <translation>Die Änderungen erscheinen wieder, sobald der Text gültiges JSON ist.</translation>
    </message>
    <message>
        <source>There is no stored payload to compare with.</source>
        <translation>Es gibt keine gespeicherten Nutzdaten zum Vergleichen.</translation>
    </message>
    <message>
        <source>The stored payload is not valid JSON: there is nothing to compare with. Saving replaces it.</source>
        <translation>Die gespeicherten Nutzdaten sind kein gültiges JSON: Es gibt nichts zum Vergleichen. Speichern ersetzt sie.</translation>
    </message>
    <message>
        <source>No changes: it is as saved.</source>
        <translation>Keine Änderungen: Alles ist wie gespeichert.</translation>
    </message>
    <message>
        <source>Changes against the saved version: %1 added, %2 removed, %3 changed</source>
        <translation>Änderungen gegenüber der gespeicherten Fassung: %1 hinzugefügt, %2 entfernt, %3 geändert</translation>
    </message>
</context>
<context>
    <name>porthole::JsonTreeModel</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>null</source>
        <extracomment>The type of a JSON value, as JSON names it</extracomment>
        <translation>null</translation>
    </message>
    <message>
        <source>bool</source>
        <extracomment>The type of a JSON value: true or false</extracomment>
        <translation>bool</translation>
    </message>
    <message>
        <source>number</source>
        <extracomment>The type of a JSON value</extracomment>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>string</source>
        <extracomment>The type of a JSON value: text</extracomment>
        <translation>Zeichenkette</translation>
    </message>
    <message>
        <source>array</source>
        <extracomment>The type of a JSON value: a list of values</extracomment>
        <translation>Array</translation>
    </message>
    <message>
        <source>object</source>
        <extracomment>The type of a JSON value: members with names</extracomment>
        <translation>Objekt</translation>
    </message>
    <message numerus="yes">
        <source>{%n key}</source>
        <translation>
            <numerusform>{%n Schlüssel}</numerusform>
            <numerusform>{%n Schlüssel}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{%n keys}</source>
        <translation>
            <numerusform>{%n Schlüssel}</numerusform>
            <numerusform>{%n Schlüssel}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item]</source>
        <translation>
            <numerusform>[%n Element]</numerusform>
            <numerusform>[%n Elemente]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n items]</source>
        <translation>
            <numerusform>[%n Element]</numerusform>
            <numerusform>[%n Elemente]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::Ledger</name>
    <message>
        <source>%1 added, but %2 stored + %3 dead letters + backlog %4 + %5 lost at source = %6</source>
        <translation>%1 hinzugefügt, aber %2 gespeichert + %3 Dead Letters + Rückstand %4 + %5 an der Quelle verloren = %6</translation>
    </message>
    <message numerus="yes">
        <source>%n more added than accounted for</source>
        <translation>
            <numerusform>%n mehr hinzugefügt als nachgewiesen</numerusform>
            <numerusform>%n mehr hinzugefügt als nachgewiesen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more accounted for than added</source>
        <translation>
            <numerusform>%n mehr nachgewiesen als hinzugefügt</numerusform>
            <numerusform>%n mehr nachgewiesen als hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 (allowed: %3 more added, %4 more accounted for)</source>
        <translation>%1: %2 (erlaubt: %3 mehr hinzugefügt, %4 mehr nachgewiesen)</translation>
    </message>
    <message>
        <source>does not balance</source>
        <translation>geht nicht auf</translation>
    </message>
    <message>
        <source>balances</source>
        <translation>geht auf</translation>
    </message>
    <message>
        <source>not judged</source>
        <translation>nicht beurteilt</translation>
    </message>
    <message>
        <source>not sampled</source>
        <translation>keine Stichprobe</translation>
    </message>
    <message>
        <source>not judged: stream made anew at %1</source>
        <extracomment>The stream was made anew (Redis restarted without its data): the time, UTC</extracomment>
        <translation>nicht beurteilt: Stream um %1 neu angelegt</translation>
    </message>
</context>
<context>
    <name>porthole::LedgerModel</name>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>No backlog sample in this period: the backlog history is sampled while the window or a worker runs.</source>
        <translation>Keine Stichprobe des Rückstands in diesem Zeitraum: Der Verlauf des Rückstands wird aufgezeichnet, solange das Fenster oder ein Worker läuft.</translation>
    </message>
    <message>
        <source>Period (UTC)</source>
        <translation>Zeitraum (UTC)</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <source>Lost at source</source>
        <translation>An der Quelle verloren</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Bilanz</translation>
    </message>
</context>
<context>
    <name>porthole::LedgerPane</name>
    <message>
        <source>Ledger</source>
        <translation>Bilanz</translation>
    </message>
    <message>
        <source>Last 24 hours, by hour</source>
        <translation>Letzte 24 Stunden, stündlich</translation>
    </message>
    <message>
        <source>Today (UTC), by hour</source>
        <translation>Heute (UTC), stündlich</translation>
    </message>
    <message>
        <source>Last 7 days, by day</source>
        <translation>Letzte 7 Tage, täglich</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>No backlog sample in this range, so there is no ledger yet. The backlog history is sampled every 15 seconds while the window has this database open or a worker runs with it (porthole ingest, its history: section): keep one running and look again, or choose a range it ran in.</source>
        <translation>In diesem Zeitraum gibt es keine Stichprobe des Rückstands, daher noch keine Bilanz. Der Verlauf des Rückstands wird alle 15 Sekunden aufgezeichnet, solange das Fenster diese Datenbank geöffnet hat oder ein Worker mit ihr läuft (porthole ingest, sein Abschnitt history:): Lassen Sie eines davon laufen und sehen Sie später wieder nach, oder wählen Sie einen Zeitraum, in dem es lief.</translation>
    </message>
    <message>
        <source>The ledger could not be read: %1</source>
        <translation>Die Bilanz konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Reading the ledger…</source>
        <translation>Die Bilanz wird gelesen …</translation>
    </message>
    <message>
        <source>The list %1</source>
        <translation>Die Liste %1</translation>
    </message>
    <message>
        <source>The stream %1, group %2</source>
        <translation>Der Stream %1, Gruppe %2</translation>
    </message>
    <message numerus="yes">
        <source>%1. Periods that do not balance: %n, in red; the tooltip names the figures that disagree.</source>
        <translation>
            <numerusform>%1. Zeiträume, die nicht aufgehen: %n, in Rot; der Tooltip nennt die Zahlen, die nicht übereinstimmen.</numerusform>
            <numerusform>%1. Zeiträume, die nicht aufgehen: %n, in Rot; der Tooltip nennt die Zahlen, die nicht übereinstimmen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1. The range as a whole does not balance: %2</source>
        <translation>%1. Der Zeitraum als Ganzes geht nicht auf: %2</translation>
    </message>
    <message>
        <source>%1. Every period sampled balances: each entry added is stored, a dead letter, still in the backlog or lost at the source.</source>
        <translation>%1. Jeder aufgezeichnete Zeitraum geht auf: Jeder hinzugefügte Eintrag ist gespeichert, ein Dead Letter, noch im Rückstand oder an der Quelle verloren.</translation>
    </message>
</context>
<context>
    <name>porthole::ListElementModel</name>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>Element</translation>
    </message>
</context>
<context>
    <name>porthole::ListingPane</name>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
</context>
<context>
    <name>porthole::ListingParts</name>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt…</translation>
    </message>
</context>
<context>
    <name>porthole::MainWindow</name>
    <message>
        <source>Porthole</source>
        <translation>Porthole</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Connection…</source>
        <translation>&amp;Verbindung öffnen…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Report…</source>
        <translation>Be&amp;richt…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>Ben&amp;utzerhandbuch</translation>
    </message>
    <message>
        <source>&amp;About Porthole</source>
        <translation>Ü&amp;ber Porthole</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>About Porthole</source>
        <translation>Über Porthole</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Porthole %1&lt;/h3&gt;&lt;p&gt;The operator console for port-based message pipelines: batch files, messages, checkpoints, queues and metrics, live.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Porthole %1&lt;/h3&gt;&lt;p&gt;Die Bedienkonsole für portbasierte Nachrichten-Pipelines: Batch-Dateien, Nachrichten, Checkpoints, Warteschlangen und Metriken, live.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open Recen&amp;t</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Delete Old Data…</source>
        <translation>Alte &amp;Daten löschen…</translation>
    </message>
    <message>
        <source>The data is open read-only: nothing is deleted.</source>
        <translation>Die Daten sind nur lesend geöffnet: Es wird nichts gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Back Up…</source>
        <translation>Si&amp;chern…</translation>
    </message>
    <message>
        <source>The data is open read-only: back it up from the command line (porthole backup).</source>
        <translation>Die Daten sind nur lesend geöffnet: Sichern Sie sie über die Kommandozeile (porthole backup).</translation>
    </message>
    <message>
        <source>Porthole keeps watching</source>
        <translation>Porthole wacht weiter</translation>
    </message>
    <message>
        <source>The alerts go on in the tray. Quit from its menu or File &gt; Quit.</source>
        <translation>Die Alarme laufen im Infobereich weiter. Beenden über sein Menü oder Datei &gt; Beenden.</translation>
    </message>
    <message>
        <source>The saved view “%1” of %2</source>
        <translation>Die gespeicherte Ansicht „%1“ von %2</translation>
    </message>
</context>
<context>
    <name>porthole::MapThumbnail</name>
    <message>
        <source>The pipeline map: click to open it</source>
        <translation>Die Pipeline-Karte: Klicken öffnet sie</translation>
    </message>
</context>
<context>
    <name>porthole::MessageActionBar</name>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Re&amp;play…</source>
        <translation>Erneut &amp;senden…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>P&amp;urge…</source>
        <translation>A&amp;ussortieren…</translation>
    </message>
    <message>
        <source>&amp;Move…</source>
        <translation>&amp;Verschieben…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Delete purged…</source>
        <translation>Aussortierte löschen…</translation>
    </message>
    <message>
        <source>Delete for good the messages purged more than some days ago, after a preview</source>
        <translation>Nachrichten, die vor mehr als einigen Tagen aussortiert wurden, nach einer Vorschau endgültig löschen</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n ausgewählte Zeile</numerusform>
            <numerusform>%n ausgewählte Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>Bring back what the last purge took: %1</source>
        <translation>Letztes Aussortieren rückgängig machen: %1</translation>
    </message>
    <message>
        <source>No purge of this session to undo</source>
        <translation>In dieser Sitzung kein Aussortieren rückgängig zu machen</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <source>This connection is read-only: replay, edit, purge and move are forbidden.</source>
        <translation>Diese Verbindung ist schreibgeschützt: Erneutes Senden, Bearbeiten, Aussortieren und Verschieben sind nicht erlaubt.</translation>
    </message>
    <message>
        <source>Lock the actions again</source>
        <translation>Die Aktionen wieder sperren</translation>
    </message>
    <message>
        <source>Replay, edit, purge and move change stored messages: unlock them for this session</source>
        <translation>Erneutes Senden, Bearbeiten, Aussortieren und Verschieben ändern gespeicherte Nachrichten: für diese Sitzung entsperren</translation>
    </message>
    <message numerus="yes">
        <source>the %n selected rows</source>
        <translation>
            <numerusform>die %n ausgewählte Zeile</numerusform>
            <numerusform>die %n ausgewählten Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>every row shown</source>
        <translation>alle angezeigten Zeilen</translation>
    </message>
    <message>
        <source>Replay %1, after a dry run</source>
        <translation>%1 erneut senden, nach einem Probelauf</translation>
    </message>
    <message>
        <source>Purge %1 (undoable in this session), after a dry run</source>
        <translation>%1 aussortieren (in dieser Sitzung rückgängig zu machen), nach einem Probelauf</translation>
    </message>
    <message>
        <source>Move %1 to another port, after a dry run</source>
        <translation>%1 in einen anderen Port verschieben, nach einem Probelauf</translation>
    </message>
    <message>
        <source>Edit the current row&apos;s payload, then replay it</source>
        <translation>Nutzdaten der aktuellen Zeile bearbeiten, dann erneut senden</translation>
    </message>
</context>
<context>
    <name>porthole::MessageModel</name>
    <message>
        <source>When the message arrived, in local time (UTC in each cell&apos;s tooltip)</source>
        <translation>Wann die Nachricht eintraf, in Ortszeit (UTC im Tooltip jeder Zelle)</translation>
    </message>
    <message>
        <source>The sender&apos;s message number</source>
        <translation>Die Nachrichtennummer des Senders</translation>
    </message>
    <message>
        <source>The batch file that also holds the message, if any</source>
        <translation>Die Batch-Datei, die die Nachricht ebenfalls enthält, falls vorhanden</translation>
    </message>
    <message>
        <source>The key of its delivery (e.g. the Redis stream entry id): a second delivery with the same key is not stored again</source>
        <translation>Der Schlüssel ihrer Zustellung (z. B. die ID des Redis-Stream-Eintrags): Eine zweite Zustellung mit demselben Schlüssel wird nicht erneut gespeichert</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Number</source>
        <extracomment>A column: the message number the sender gave</extracomment>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Source</source>
        <extracomment>A column: where the message came from, as the Redis key</extracomment>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Batch</source>
        <extracomment>A column: the number of the batch file that also holds the message</extracomment>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Delivery key</source>
        <translation>Zustellschlüssel</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>Also in %1</source>
        <translation>Auch in %1</translation>
    </message>
    <message numerus="yes">
        <source>%1…

(%Ln more characters: the details below show them all)</source>
        <translation>
            <numerusform>%1…

(%Ln weiteres Zeichen: Die Details unten zeigen alles)</numerusform>
            <numerusform>%1…

(%Ln weitere Zeichen: Die Details unten zeigen alles)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::MessagesPane</name>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Text in the content, any case</source>
        <translation>Text im Inhalt, Groß-/Kleinschreibung egal</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>e.g. the Redis key</source>
        <translation>z. B. der Redis-Schlüssel</translation>
    </message>
    <message>
        <source>Only messages from this source (matched whole)</source>
        <translation>Nur Nachrichten aus dieser Quelle (exakte Übereinstimmung)</translation>
    </message>
    <message>
        <source>S&amp;ource:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>Only the messages of this batch file (its number)</source>
        <translation>Nur die Nachrichten dieser Batch-Datei (ihre Nummer)</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>&amp;Batch:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Message numbers up to and including this one</source>
        <translation>Nachrichtennummern bis einschließlich dieser</translation>
    </message>
    <message>
        <source>&amp;Numbers:</source>
        <translation>&amp;Nummern:</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>Only messages that arrived at or after this time (local time)</source>
        <translation>Nur Nachrichten, die ab diesem Zeitpunkt eintrafen (Ortszeit)</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>B&amp;is</translation>
    </message>
    <message>
        <source>Only messages that arrived before this time (local time)</source>
        <translation>Nur Nachrichten, die vor diesem Zeitpunkt eintrafen (Ortszeit)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Shows every message again</source>
        <translation>Zeigt wieder alle Nachrichten</translation>
    </message>
    <message>
        <source>F&amp;ollow new messages</source>
        <translation>Neue Nachrichten verf&amp;olgen</translation>
    </message>
    <message>
        <source>Reads new messages as they are stored</source>
        <translation>Liest neue Nachrichten, sobald sie gespeichert werden</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>wird gelesen…</translation>
    </message>
    <message>
        <source>Goes to the messages stored since you scrolled away</source>
        <translation>Springt zu den Nachrichten, die seit dem Wegscrollen gespeichert wurden</translation>
    </message>
    <message>
        <source>the messages shown (%1)</source>
        <translation>die angezeigten Nachrichten (%1)</translation>
    </message>
    <message>
        <source>Messages can be sorted by time or by number.</source>
        <translation>Nachrichten können nach Zeit oder Nummer sortiert werden.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt…</translation>
    </message>
    <message>
        <source>Counted exactly up to %1 rows; beyond that, estimated</source>
        <translation>Bis %1 Zeilen exakt gezählt, darüber hinaus geschätzt</translation>
    </message>
    <message>
        <source>Reading the messages…</source>
        <translation>Nachrichten werden gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the messages.
%1
Press F5 to try again.</source>
        <translation>Die Nachrichten können nicht gelesen werden.
%1
Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>No messages are stored yet.
The receiver stores them here as they arrive (see the Ingest pane); they show up without a refresh.</source>
        <translation>Noch keine Nachrichten gespeichert.
Der Empfänger speichert sie hier, sobald sie eintreffen (siehe Bereich „Empfang“); sie erscheinen ohne Aktualisierung.</translation>
    </message>
    <message>
        <source>No message matches the filter.
Change it, or Clear it to see every message.</source>
        <translation>Keine Nachricht passt zum Filter.
Ändern Sie ihn oder klicken Sie auf „Leeren“, um alle Nachrichten zu sehen.</translation>
    </message>
    <message>
        <source>Cannot read the messages: %1</source>
        <translation>Die Nachrichten können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Select a message to see it whole here.</source>
        <translation>Wählen Sie eine Nachricht, um sie hier vollständig zu sehen.</translation>
    </message>
    <message>
        <source>Reading the message…</source>
        <translation>Nachricht wird gelesen…</translation>
    </message>
    <message>
        <source>Message #%1</source>
        <translation>Nachricht #%1</translation>
    </message>
    <message>
        <source>arrived %1 (UTC %2)</source>
        <translation>eingetroffen %1 (UTC %2)</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>delivery key %1</source>
        <translation>Zustellschlüssel %1</translation>
    </message>
    <message>
        <source>id %1</source>
        <translation>ID %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new message: show it</source>
        <translation>
            <numerusform>%Ln neue Nachricht: anzeigen</numerusform>
            <numerusform>%Ln neue Nachrichten: anzeigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new messages: show them</source>
        <translation>
            <numerusform>%Ln neue Nachricht: anzeigen</numerusform>
            <numerusform>%Ln neue Nachrichten: anzeigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln bytes</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::MetricSeriesModel</name>
    <message>
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation>Sensoren</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Ingest rate</source>
        <translation>Empfangsrate</translation>
    </message>
    <message>
        <source>Ingestion rate</source>
        <translation>Empfangsrate</translation>
    </message>
    <message>
        <source>Consumer lag</source>
        <translation>Consumer-Rückstand</translation>
    </message>
    <message>
        <source>Duplicate event ids</source>
        <translation>Doppelte Ereignis-IDs</translation>
    </message>
    <message>
        <source>Timestamps going backwards</source>
        <translation>Rückläufige Zeitstempel</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>pro Minute</translation>
    </message>
    <message>
        <source>s</source>
        <extracomment>The unit of a chart&apos;s axis: seconds</extracomment>
        <translation>s</translation>
    </message>
    <message>
        <source>readings</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>ms</source>
        <extracomment>The unit of a chart&apos;s axis: milliseconds</extracomment>
        <translation>ms</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Backlogs</source>
        <translation>Rückstände</translation>
    </message>
    <message>
        <source>receiver %1, consumer %2</source>
        <translation>Empfänger %1, Consumer %2</translation>
    </message>
    <message>
        <source>list %1</source>
        <translation>Liste %1</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>Port %1</translation>
    </message>
    <message>
        <source>consumers</source>
        <translation>Consumer</translation>
    </message>
</context>
<context>
    <name>porthole::MetricsComparisonBox</name>
    <message>
        <source>a day before</source>
        <translation>einen Tag vorher</translation>
    </message>
    <message>
        <source>a week before</source>
        <translation>eine Woche vorher</translation>
    </message>
    <message numerus="yes">
        <source>%n days before</source>
        <translation>
            <numerusform>%n Tag vorher</numerusform>
            <numerusform>%n Tage vorher</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 h before</source>
        <extracomment>An overlay&apos;s shift in hours: &quot;6 h before&quot;</extracomment>
        <translation>%L1 h vorher</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>An overlay&apos;s label: &quot;orders / lag, a day before&quot;</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1, minus %2</source>
        <extracomment>The difference&apos;s label: &quot;orders / lag, minus a day before&quot;</extracomment>
        <translation>%1, minus %2</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>Kein Vergleich</translation>
    </message>
    <message>
        <source>A day before</source>
        <translation>Einen Tag vorher</translation>
    </message>
    <message>
        <source>A week before</source>
        <translation>Eine Woche vorher</translation>
    </message>
    <message>
        <source>Chosen…</source>
        <translation>Gewählt…</translation>
    </message>
    <message>
        <source>Overlay each series as it was a day, a week or a chosen time before, dashed in its colour</source>
        <translation>Jede Reihe so darüberlegen, wie sie einen Tag, eine Woche oder eine gewählte Zeit vorher war, gestrichelt in ihrer Farbe</translation>
    </message>
    <message>
        <source>Also draw each series minus its overlay</source>
        <translation>Auch jede Reihe minus ihrer Überlagerung zeichnen</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>Overlay the series as they were this many hours before:</source>
        <translation>Die Reihen so darüberlegen, wie sie so viele Stunden vorher waren:</translation>
    </message>
</context>
<context>
    <name>porthole::MetricsDashboardBar</name>
    <message>
        <source>A dashboard: a set of series with its range and aggregate</source>
        <translation>Ein Dashboard: eine Auswahl von Reihen mit ihrem Zeitraum und ihrer Aggregation</translation>
    </message>
    <message>
        <source>Unsaved set</source>
        <extracomment>The dashboard box when the series were picked by hand</extracomment>
        <translation>Nicht gespeicherte Auswahl</translation>
    </message>
    <message>
        <source>Dashboards</source>
        <translation>Dashboards</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Default</source>
        <extracomment>The dashboard Metrics opens on, made from the data</extracomment>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>%1 holds no dashboard.</source>
        <translation>%1 enthält kein Dashboard.</translation>
    </message>
    <message>
        <source>Save the dashboard</source>
        <translation>Dashboard speichern</translation>
    </message>
    <message>
        <source>Save the series shown, their range and aggregate as:</source>
        <translation>Die angezeigten Reihen, ihren Zeitraum und ihre Aggregation speichern als:</translation>
    </message>
    <message>
        <source>Replace the dashboard?</source>
        <translation>Dashboard ersetzen?</translation>
    </message>
    <message>
        <source>A dashboard named “%1” is saved already. Replace it with the series shown?</source>
        <translation>Ein Dashboard namens „%1“ ist bereits gespeichert. Durch die angezeigten Reihen ersetzen?</translation>
    </message>
    <message>
        <source>Saved the dashboard “%1”</source>
        <translation>Dashboard „%1“ gespeichert</translation>
    </message>
    <message>
        <source>Dashboard not saved</source>
        <translation>Dashboard nicht gespeichert</translation>
    </message>
    <message>
        <source>A dashboard needs a name.</source>
        <translation>Ein Dashboard braucht einen Namen.</translation>
    </message>
    <message>
        <source>Delete the dashboard?</source>
        <translation>Dashboard löschen?</translation>
    </message>
    <message>
        <source>Delete the dashboard “%1”? The series stay shown.</source>
        <translation>Das Dashboard „%1“ löschen? Die Reihen bleiben angezeigt.</translation>
    </message>
    <message>
        <source>Deleted the dashboard “%1”</source>
        <translation>Dashboard „%1“ gelöscht</translation>
    </message>
    <message>
        <source>Export the dashboard</source>
        <translation>Dashboard exportieren</translation>
    </message>
    <message>
        <source>Dashboards (*.json)</source>
        <translation>Dashboards (*.json)</translation>
    </message>
    <message>
        <source>Exported the dashboard to %1</source>
        <translation>Dashboard nach %1 exportiert</translation>
    </message>
    <message>
        <source>Dashboard not exported</source>
        <translation>Dashboard nicht exportiert</translation>
    </message>
    <message>
        <source>Import dashboards</source>
        <translation>Dashboards importieren</translation>
    </message>
    <message>
        <source>Dashboards (*.json);;All files (*)</source>
        <translation>Dashboards (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Replace dashboards?</source>
        <translation>Dashboards ersetzen?</translation>
    </message>
    <message>
        <source>The file has dashboards whose names are taken. Replace the saved ones?</source>
        <translation>Die Datei enthält Dashboards, deren Namen schon vergeben sind. Die gespeicherten ersetzen?</translation>
    </message>
    <message>
        <source>Imported the dashboards of %1</source>
        <translation>Die Dashboards aus %1 importiert</translation>
    </message>
    <message>
        <source>Dashboards not imported</source>
        <translation>Dashboards nicht importiert</translation>
    </message>
    <message>
        <source>%1
Nothing was imported; the saved dashboards are as they were.</source>
        <translation>%1
Nichts wurde importiert; die gespeicherten Dashboards sind unverändert.</translation>
    </message>
</context>
<context>
    <name>porthole::MetricsDashboards</name>
    <message>
        <source>the ingest rate (this database has no messages table)</source>
        <translation>die Empfangsrate (diese Datenbank hat keine Tabelle messages)</translation>
    </message>
    <message>
        <source>dead letters per minute (there are no dead letters)</source>
        <translation>Dead Letters pro Minute (es gibt keine Dead Letters)</translation>
    </message>
    <message>
        <source>the consumer lag (there are no sensor readings)</source>
        <translation>der Consumer-Rückstand (es gibt keine Sensorwerte)</translation>
    </message>
    <message>
        <source>the busiest component&apos;s latency (no component reports latency_ms)</source>
        <translation>die Latenz der aktivsten Komponente (keine Komponente meldet latency_ms)</translation>
    </message>
    <message>
        <source>the busiest component&apos;s latency (none reported latency in the range)</source>
        <translation>die Latenz der aktivsten Komponente (keine meldete im Zeitraum eine Latenz)</translation>
    </message>
    <message>
        <source>the highest error rate (no component reports error_rate)</source>
        <translation>die höchste Fehlerrate (keine Komponente meldet error_rate)</translation>
    </message>
    <message>
        <source>the highest error rate (none reported errors in the range)</source>
        <translation>die höchste Fehlerrate (keine meldete Fehler im Zeitraum)</translation>
    </message>
</context>
<context>
    <name>porthole::MetricsPane</name>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Find a series…</source>
        <translation>Reihe suchen…</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Benutzerdefiniert…</translation>
    </message>
    <message>
        <source>The time range shown; zoom by dragging across the chart or with the wheel, pan with Shift and drag</source>
        <translation>Der angezeigte Zeitraum; zoomen durch Ziehen über das Diagramm oder mit dem Mausrad, verschieben mit Shift und Ziehen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>The range shown before the last zoom or pan</source>
        <translation>Der Zeitraum vor dem letzten Zoomen oder Verschieben</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the chosen preset range</source>
        <translation>Zurück zum gewählten vordefinierten Zeitraum</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>What a bucket shows when there are more values than pixels</source>
        <translation>Was ein Intervall zeigt, wenn es mehr Werte als Pixel gibt</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>Live verfolgen</translation>
    </message>
    <message>
        <source>Keep the range ending now, adding values as they arrive</source>
        <translation>Zeitraum bis jetzt mitführen und neue Werte beim Eintreffen hinzufügen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation>Diagramm als PNG…</translation>
    </message>
    <message>
        <source>Shown series as CSV…</source>
        <translation>Angezeigte Reihen als CSV…</translation>
    </message>
    <message>
        <source>Metrics: %1</source>
        <translation>Metriken: %1</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Chart as PNG</source>
        <translation>Diagramm als PNG</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Saved the chart to %1</source>
        <translation>Diagramm in %1 gespeichert</translation>
    </message>
    <message>
        <source>Chart not saved</source>
        <translation>Diagramm nicht gespeichert</translation>
    </message>
    <message>
        <source>Save the shown series</source>
        <translation>Angezeigte Reihen speichern</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved the series to %1</source>
        <translation>Reihen in %1 gespeichert</translation>
    </message>
    <message>
        <source>Series not saved</source>
        <translation>Reihen nicht gespeichert</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Pick series on the left</source>
        <translation>Wählen Sie links Reihen aus</translation>
    </message>
    <message>
        <source>Could not read the series: %1</source>
        <translation>Die Reihen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>raw values</source>
        <translation>Rohwerte</translation>
    </message>
    <message numerus="yes">
        <source>buckets of %n day</source>
        <translation>
            <numerusform>Intervalle zu %n Tag</numerusform>
            <numerusform>Intervalle zu %n Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>buckets of %n days</source>
        <translation>
            <numerusform>Intervalle zu %n Tag</numerusform>
            <numerusform>Intervalle zu %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>buckets of %1 h</source>
        <translation>Intervalle zu %1 h</translation>
    </message>
    <message>
        <source>buckets of %1 min</source>
        <translation>Intervalle zu %1 min</translation>
    </message>
    <message>
        <source>buckets of %1 s</source>
        <translation>Intervalle zu %1 s</translation>
    </message>
    <message>
        <source>average</source>
        <extracomment>What each bucket of a chart shows, as in &quot;buckets of 5 min, average&quot;</extracomment>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>count</source>
        <extracomment>What each bucket of a chart shows, as in &quot;buckets of 5 min, count&quot;</extracomment>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>All</source>
        <extracomment>The time range: every value there is</extracomment>
        <translation>Alle</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>The resolution and what each bucket shows: &quot;buckets of 5 min, average&quot;</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 (reading…)</source>
        <translation>%1 (wird gelesen…)</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>A list&apos;s separator: &quot;the consumer lag (…), dead letters per minute (…)&quot;</extracomment>
        <translation>, </translation>
    </message>
    <message>
        <source>None of the dashboard&apos;s series is in this database: %1. %2</source>
        <translation>Keine Reihe des Dashboards ist in dieser Datenbank: %1. %2</translation>
    </message>
    <message>
        <source>%1. Not in this database: %2</source>
        <extracomment>The note above a chart: &quot;raw values. Not in this database: the …&quot;</extracomment>
        <translation>%1. Nicht in dieser Datenbank: %2</translation>
    </message>
    <message>
        <source>Listing the series…</source>
        <translation>Die Reihen werden aufgelistet…</translation>
    </message>
    <message>
        <source>&amp;One chart</source>
        <translation>&amp;Ein Diagramm</translation>
    </message>
    <message>
        <source>All series in one chart, on up to two value axes, rather than a chart for each unit</source>
        <translation>Alle Reihen in einem Diagramm, auf bis zu zwei Werteachsen, statt eines Diagramms je Einheit</translation>
    </message>
    <message>
        <source>%1. No value in this range</source>
        <extracomment>The note above a chart whose range holds no value: &quot;buckets of 1 min, average. No value in this range&quot;</extracomment>
        <translation>%1. Kein Wert in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Show the data&apos;s own range</source>
        <translation>Den Zeitraum der Daten zeigen</translation>
    </message>
</context>
<context>
    <name>porthole::OverviewPane</name>
    <message>
        <source>over %1</source>
        <translation>über %1</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Data sources</source>
        <translation>Datenquellen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Check every source again (F5)</source>
        <translation>Alle Quellen erneut prüfen (F5)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <source>Receiver: not running</source>
        <translation>Empfänger: läuft nicht</translation>
    </message>
    <message>
        <source>No Redis server is set.</source>
        <translation>Kein Redis-Server festgelegt.</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>Stream consumers</source>
        <translation>Stream-Consumer</translation>
    </message>
    <message>
        <source>Remote workers</source>
        <translation>Entfernte Worker</translation>
    </message>
    <message>
        <source>Data directory: %1</source>
        <translation>Datenverzeichnis: %1</translation>
    </message>
    <message>
        <source>Last checked %1</source>
        <translation>Zuletzt geprüft %1</translation>
    </message>
    <message>
        <source>Sources checked</source>
        <translation>Quellen geprüft</translation>
    </message>
    <message>
        <source>The database cannot be read: %1</source>
        <translation>Die Datenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Port messages: not known</source>
        <translation>Port-Nachrichten: unbekannt</translation>
    </message>
    <message>
        <source>No component has sent a heartbeat yet.</source>
        <translation>Noch keine Komponente hat einen Heartbeat gesendet.</translation>
    </message>
    <message>
        <source>1 component, sending heartbeats.</source>
        <translation>1 Komponente, sendet Heartbeats.</translation>
    </message>
    <message>
        <source>Port messages: %1</source>
        <translation>Port-Nachrichten: %1</translation>
    </message>
    <message>
        <source>Dead letters: none</source>
        <translation>Dead Letters: keine</translation>
    </message>
    <message>
        <source>Dead letters: %1, the oldest %2 old</source>
        <translation>Dead Letters: %1, der älteste %2 alt</translation>
    </message>
    <message>
        <source>Receiver: %1</source>
        <translation>Empfänger: %1</translation>
    </message>
    <message>
        <source>The consumer groups cannot be read: %1</source>
        <translation>Die Consumer-Gruppen können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No stream on the Redis server has a consumer group.</source>
        <translation>Kein Stream auf dem Redis-Server hat eine Consumer-Gruppe.</translation>
    </message>
    <message numerus="yes">
        <source>%n components, all sending heartbeats.</source>
        <translation>
            <numerusform>%n Komponente, sendet Heartbeats.</numerusform>
            <numerusform>%n Komponenten, alle senden Heartbeats.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %1 components have not sent a heartbeat lately.</source>
        <translation>
            <numerusform>%n von %1 Komponenten hat in letzter Zeit keinen Heartbeat gesendet.</numerusform>
            <numerusform>%n von %1 Komponenten haben in letzter Zeit keinen Heartbeat gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Receiver: %1, %2 messages/s, %3 stored (%4)</source>
        <extracomment>%1: the state (&quot;running&quot;), %4: where from, as &quot;stream orders on redis://host:6379&quot;</extracomment>
        <translation>Empfänger: %1, %2 Nachrichten/s, %3 gespeichert (%4)</translation>
    </message>
    <message>
        <source>Receiver: %1, %2 messages/s, %3 stored</source>
        <translation>Empfänger: %1, %2 Nachrichten/s, %3 gespeichert</translation>
    </message>
    <message>
        <source>Receiver: %1 (%2)</source>
        <translation>Empfänger: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer group</source>
        <translation>
            <numerusform>%Ln Consumer-Gruppe</numerusform>
            <numerusform>%Ln Consumer-Gruppen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer groups</source>
        <translation>
            <numerusform>%Ln Consumer-Gruppe</numerusform>
            <numerusform>%Ln Consumer-Gruppen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer</source>
        <translation>
            <numerusform>%Ln Consumer</numerusform>
            <numerusform>%Ln Consumer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumers in all</source>
        <translation>
            <numerusform>insgesamt %Ln Consumer</numerusform>
            <numerusform>insgesamt %Ln Consumer</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2.</source>
        <extracomment>&quot;2 consumer groups, 5 consumers in all.&quot;</extracomment>
        <translation>%1, %2.</translation>
    </message>
    <message>
        <source>%1 The server holds more keys than were looked at; some streams may be missing.</source>
        <translation>%1 Der Server enthält mehr Schlüssel, als durchsucht wurden; einige Streams fehlen möglicherweise.</translation>
    </message>
    <message>
        <source>This database has no system_health table: no component records its heartbeats here.</source>
        <translation>Diese Datenbank hat keine Tabelle system_health: keine Komponente zeichnet hier ihre Heartbeats auf.</translation>
    </message>
    <message>
        <source>Port messages: this database has no port_messages table.</source>
        <translation>Port-Nachrichten: diese Datenbank hat keine Tabelle port_messages.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 free of %2 (%3%)</source>
        <extracomment>%1 free bytes, %2 the disk&apos;s size, %3 the percentage free</extracomment>
        <translation>%1 frei von %2 (%3%)</translation>
    </message>
    <message>
        <source>Size on disk: %1 · free space: %2</source>
        <translation>Größe auf der Festplatte: %1 · freier Platz: %2</translation>
    </message>
    <message>
        <source> · %1 reclaimable by VACUUM</source>
        <translation> · %1 durch VACUUM zurückzugewinnen</translation>
    </message>
    <message>
        <source>Connections, transactions, replication: SQLite has no server to watch.</source>
        <translation>Verbindungen, Transaktionen, Replikation: SQLite hat keinen Server, den es zu beobachten gäbe.</translation>
    </message>
    <message>
        <source>Connections: %1 of %2 in use (%3%)</source>
        <translation>Verbindungen: %1 von %2 belegt (%3%)</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>Verbindungen: %1</translation>
    </message>
    <message>
        <source>transactions open over %1: %2 · idle in transaction over %3: %4</source>
        <translation>Transaktionen länger als %1 offen: %2 · länger als %3 untätig in einer Transaktion: %4</translation>
    </message>
    <message>
        <source>transactions: %1</source>
        <translation>Transaktionen: %1</translation>
    </message>
    <message>
        <source>Replication: %1</source>
        <translation>Replikation: %1</translation>
    </message>
    <message>
        <source>Replication: this server is a standby, %1 behind its primary</source>
        <translation>Replikation: dieser Server ist ein Standby, %1 hinter seinem Primärserver</translation>
    </message>
    <message>
        <source>Replication: this server is a standby; it has replayed no commit yet</source>
        <translation>Replikation: dieser Server ist ein Standby; er hat noch keinen Commit nachvollzogen</translation>
    </message>
    <message>
        <source>Replication: no standby</source>
        <translation>Replikation: kein Standby</translation>
    </message>
    <message>
        <source>%1 (%2), lag %3</source>
        <extracomment>%1 the standby&apos;s name, %2 its state (&quot;streaming&quot;), %3 the lag (&quot;1.5 s&quot;)</extracomment>
        <translation>%1 (%2), Rückstand %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 %2 (%3@%4): %5, open %6</source>
        <extracomment>pid, application, user, database, state, how long the transaction is open</extracomment>
        <translation>%1 %2 (%3@%4): %5, seit %6 offen</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>The database&apos;s health cannot be read: %1</source>
        <translation>Der Zustand der Datenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Less than %1% of the disk is free: the database cannot grow much longer.</source>
        <translation>Weniger als %1% der Festplatte sind frei: die Datenbank kann nicht mehr lange wachsen.</translation>
    </message>
    <message>
        <source>Dead letters are the messages of the dead_letter_queue view: %1 with the status dead_letter, and the failed ones whose retries are spent (%2 in all).</source>
        <translation>Dead Letters sind die Nachrichten der Sicht dead_letter_queue: %1 mit dem Status dead_letter und die fehlgeschlagenen, deren Wiederholungen aufgebraucht sind (%2 insgesamt).</translation>
    </message>
    <message>
        <source>A job&apos;s last run failed: its row below says why; timescaledb_information.job_errors has them all.</source>
        <translation>Der letzte Lauf eines Jobs ist fehlgeschlagen: seine Zeile unten sagt, warum; timescaledb_information.job_errors enthält alle Fehler.</translation>
    </message>
</context>
<context>
    <name>porthole::PagedTableModel</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>about %1 M rows</source>
        <translation>etwa %1 Mio. Zeilen</translation>
    </message>
    <message>
        <source>about %1 k rows</source>
        <translation>etwa %1 Tsd. Zeilen</translation>
    </message>
    <message>
        <source>%1 Retrying in %2 s.</source>
        <translation>%1 Neuer Versuch in %2 s.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>more than %Ln rows</source>
        <translation>
            <numerusform>mehr als %Ln Zeile</numerusform>
            <numerusform>mehr als %Ln Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %Ln rows</source>
        <translation>
            <numerusform>etwa %Ln Zeile</numerusform>
            <numerusform>etwa %Ln Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>%1, counting…</source>
        <extracomment>The row count while every row is being counted: &quot;more than 100,000 rows, counting…&quot;</extracomment>
        <translation>%1, wird gezählt…</translation>
    </message>
</context>
<context>
    <name>porthole::Pane</name>
    <message>
        <source>the rows shown</source>
        <translation>die angezeigten Zeilen</translation>
    </message>
    <message>
        <source>&amp;Copy rows</source>
        <translation>Zeilen &amp;kopieren</translation>
    </message>
    <message>
        <source>Copies the selected rows as tab-separated text</source>
        <translation>Kopiert die ausgewählten Zeilen als tabulatorgetrennten Text</translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln row.</source>
        <translation>
            <numerusform>%Ln Zeile kopiert.</numerusform>
            <numerusform>%Ln Zeilen kopiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln rows.</source>
        <translation>
            <numerusform>%Ln Zeile kopiert.</numerusform>
            <numerusform>%Ln Zeilen kopiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row not read yet was left out: scroll over it and copy again.</source>
        <translation>
            <numerusform>%Ln noch nicht gelesene Zeile wurde ausgelassen: Scrollen Sie darüber und kopieren Sie erneut.</numerusform>
            <numerusform>%Ln noch nicht gelesene Zeilen wurden ausgelassen: Scrollen Sie darüber und kopieren Sie erneut.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows not read yet were left out: scroll over them and copy again.</source>
        <translation>
            <numerusform>%Ln noch nicht gelesene Zeile wurde ausgelassen: Scrollen Sie darüber und kopieren Sie erneut.</numerusform>
            <numerusform>%Ln noch nicht gelesene Zeilen wurden ausgelassen: Scrollen Sie darüber und kopieren Sie erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Views</source>
        <translation>Ansi&amp;chten</translation>
    </message>
    <message>
        <source>Save this filter under a name, or show one saved before</source>
        <translation>Diesen Filter unter einem Namen speichern oder einen gespeicherten zeigen</translation>
    </message>
    <message>
        <source>&amp;Journey</source>
        <translation>&amp;Weg</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Follows the selected message across the pipeline (Ctrl+J)</source>
        <translation>Verfolgt die gewählte Nachricht durch die Pipeline (Strg+J)</translation>
    </message>
</context>
<context>
    <name>porthole::PasswordStore</name>
    <message>
        <source>no system keychain is running (%1)</source>
        <translation>kein System-Schlüsselbund läuft (%1)</translation>
    </message>
    <message>
        <source>the keychain was not unlocked</source>
        <translation>der Schlüsselbund wurde nicht entsperrt</translation>
    </message>
    <message>
        <source>the keychain refused: %1</source>
        <translation>der Schlüsselbund hat abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>porthole::PayloadView</name>
    <message>
        <source>Payload: JSON, %1</source>
        <translation>Nutzdaten: JSON, %1</translation>
    </message>
    <message>
        <source>Payload: text, %1</source>
        <translation>Nutzdaten: Text, %1</translation>
    </message>
    <message>
        <source>Payload: binary, %1 (hex)</source>
        <translation>Nutzdaten: binär, %1 (hex)</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
</context>
<context>
    <name>porthole::PendingEntryModel</name>
    <message>
        <source>Delivered %1 times, more than the worker&apos;s --max-deliveries (%2): a poison entry, which the worker moves to the dead letters when it next claims it.</source>
        <translation>%1-mal zugestellt, öfter als --max-deliveries des Workers (%2): ein Gifteintrag, den der Worker beim nächsten Übernehmen zu den Dead Letters verschiebt.</translation>
    </message>
    <message>
        <source>%1 (poison)</source>
        <translation>%1 (Gift)</translation>
    </message>
    <message>
        <source>Entry id</source>
        <translation>Eintrags-ID</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
</context>
<context>
    <name>porthole::PipelineMapPane</name>
    <message>
        <source>Pipeline map</source>
        <translation>Pipeline-Karte</translation>
    </message>
    <message>
        <source>Reading the pipeline map…</source>
        <translation>Die Pipeline-Karte wird gelesen…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads the map again (F5); it is read every %1 s while shown</source>
        <translation>Liest die Karte neu (F5); solange sie gezeigt wird, alle %1 s</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>Ein&amp;passen</translation>
    </message>
    <message>
        <source>Shows the whole map</source>
        <translation>Zeigt die ganze Karte</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Larger (Ctrl+wheel up)</source>
        <translation>Größer (Strg+Mausrad nach oben)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Smaller (Ctrl+wheel down)</source>
        <translation>Kleiner (Strg+Mausrad nach unten)</translation>
    </message>
    <message>
        <source>No component yet: the map draws the components that send or receive on a port (port_messages) and those that send heartbeats (system_health). It appears as soon as the pipeline writes them.</source>
        <translation>Noch keine Komponente: Die Karte zeigt die Komponenten, die auf einem Port senden oder empfangen (port_messages), und jene, die Heartbeats senden (system_health). Sie erscheint, sobald die Pipeline diese schreibt.</translation>
    </message>
    <message>
        <source>%1 components, %2 ports</source>
        <translation>%1 Komponenten, %2 Ports</translation>
    </message>
    <message>
        <source>; no queue is backed up.</source>
        <translation>; keine Warteschlange staut sich.</translation>
    </message>
    <message>
        <source>; %1 stuck, %2 backed up (red: %3 waiting or the oldest %4; amber: %5 or %6).</source>
        <translation>; %1 festgefahren, %2 gestaut (rot: %3 wartend oder die älteste %4; gelb: %5 oder %6).</translation>
    </message>
    <message>
        <source> Read at %1.</source>
        <translation> Gelesen um %1.</translation>
    </message>
    <message>
        <source>Cannot read the pipeline map: %1 It is read again every %2 s while shown; F5 reads it now.</source>
        <translation>Die Pipeline-Karte kann nicht gelesen werden: %1 Solange sie gezeigt wird, wird sie alle %2 s neu gelesen; F5 liest sie sofort.</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Saves the whole map as a PNG image or an SVG drawing</source>
        <translation>Speichert die ganze Karte als PNG-Bild oder SVG-Zeichnung</translation>
    </message>
    <message>
        <source>Map as PNG…</source>
        <translation>Karte als PNG…</translation>
    </message>
    <message>
        <source>Map as SVG…</source>
        <translation>Karte als SVG…</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Save the pipeline map</source>
        <translation>Pipeline-Karte speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG-Zeichnungen (*.svg)</translation>
    </message>
    <message>
        <source>Saved the map to %1</source>
        <translation>Karte in %1 gespeichert</translation>
    </message>
    <message>
        <source>Map not saved</source>
        <translation>Karte nicht gespeichert</translation>
    </message>
    <message>
        <source>Redis not read: %1</source>
        <translation>Redis nicht gelesen: %1</translation>
    </message>
    <message>
        <source>Redis: 1 stream</source>
        <translation>Redis: 1 Stream</translation>
    </message>
    <message>
        <source>Redis: %1 streams</source>
        <translation>Redis: %1 Streams</translation>
    </message>
    <message>
        <source>, 1 consumer group</source>
        <translation>, 1 Consumer-Gruppe</translation>
    </message>
    <message>
        <source>, %1 consumer groups</source>
        <translation>, %1 Consumer-Gruppen</translation>
    </message>
    <message>
        <source> (the first %1 streams with groups; the server has more)</source>
        <translation> (die ersten %1 Streams mit Gruppen; der Server hat mehr)</translation>
    </message>
</context>
<context>
    <name>porthole::PipelineMapScene</name>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>no heartbeat</source>
        <translation>kein Heartbeat</translation>
    </message>
    <message>
        <source>stale · last beat %1</source>
        <extracomment>A component on the pipeline map: its status and how long ago it last beat</extracomment>
        <translation>veraltet · letzter Heartbeat %1</translation>
    </message>
    <message>
        <source>%1 · beat %2</source>
        <translation>%1 · Heartbeat %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <extracomment>Messages a second on a port of the pipeline map, over the last minute</extracomment>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 · none waiting</source>
        <translation>%1 · keine wartend</translation>
    </message>
    <message>
        <source>%1 · %2 waiting, oldest %3</source>
        <extracomment>A port&apos;s rate, how many wait on it and for how long the oldest has waited</extracomment>
        <translation>%1 · %2 wartend, älteste %3</translation>
    </message>
    <message>
        <source>%1 taken</source>
        <translation>%1 in Arbeit</translation>
    </message>
    <message>
        <source>1 h: %1 failed, %2 dead</source>
        <extracomment>A port&apos;s failures in the last hour: &quot;1 h: 3 failed, 2 dead&quot;</extracomment>
        <translation>1 h: %1 fehlgeschlagen, %2 tot</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>checkpoint %1</source>
        <extracomment>A component on the pipeline map: how long ago it wrote its last checkpoint</extracomment>
        <translation>Checkpoint %1</translation>
    </message>
    <message>
        <source>lag unknown</source>
        <extracomment>A consumer group&apos;s lag: entries of its stream not yet delivered to it</extracomment>
        <translation>Rückstand unbekannt</translation>
    </message>
    <message>
        <source>lag %1</source>
        <translation>Rückstand %1</translation>
    </message>
    <message>
        <source>%1 · none pending</source>
        <translation>%1 · nichts ausstehend</translation>
    </message>
    <message>
        <source>%1 · %2 pending
oldest idle %3</source>
        <extracomment>A consumer group&apos;s lag, its pending entries, and how long the oldest has been idle</extracomment>
        <translation>%1 · %2 ausstehend
ältester ruht %3</translation>
    </message>
    <message>
        <source>Pinned here: right-click to unpin.</source>
        <translation>Hier angeheftet: Rechtsklick löst es.</translation>
    </message>
    <message>
        <source>Drag to pin it elsewhere.</source>
        <translation>Ziehen heftet es anderswo an.</translation>
    </message>
    <message>
        <source>list · %1 waiting</source>
        <translation>Liste · %1 wartend</translation>
    </message>
    <message>
        <source>pub/sub channel</source>
        <translation>Pub/Sub-Kanal</translation>
    </message>
    <message>
        <source>stream · %1 entries</source>
        <translation>Stream · %1 Einträge</translation>
    </message>
    <message>
        <source>group · 1 consumer</source>
        <translation>Gruppe · 1 Consumer</translation>
    </message>
    <message>
        <source>group · %1 consumers</source>
        <translation>Gruppe · %1 Consumer</translation>
    </message>
    <message>
        <source>this receiver</source>
        <translation>dieser Empfänger</translation>
    </message>
    <message>
        <source>consumer</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>the receiver&apos;s store</source>
        <translation>Speicher des Empfängers</translation>
    </message>
    <message>
        <source>sink</source>
        <translation>Senke</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Unpin all</source>
        <translation>Alle lösen</translation>
    </message>
</context>
<context>
    <name>porthole::PortMessageBrowser</name>
    <message>
        <source>There are no port messages.</source>
        <translation>Es gibt keine Port-Nachrichten.</translation>
    </message>
    <message>
        <source>No port messages match the filter.</source>
        <translation>Keine Port-Nachrichten passen zum Filter.</translation>
    </message>
    <message>
        <source>Try &amp;again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Go to the rows that arrived while you looked elsewhere</source>
        <translation>Zu den Zeilen springen, die eintrafen, während Sie woanders waren</translation>
    </message>
    <message>
        <source>Reading port messages…</source>
        <translation>Port-Nachrichten werden gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the port messages.
%1</source>
        <translation>Die Port-Nachrichten können nicht gelesen werden.
%1</translation>
    </message>
    <message>
        <source>The port messages could not be read: %1</source>
        <translation>Die Port-Nachrichten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt…</translation>
    </message>
    <message numerus="yes">
        <source>↑ %Ln new row above: show them</source>
        <translation>
            <numerusform>↑ %Ln neue Zeile oben: anzeigen</numerusform>
            <numerusform>↑ %Ln neue Zeilen oben: anzeigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>↑ %Ln new rows above: show them</source>
        <translation>
            <numerusform>↑ %Ln neue Zeile oben: anzeigen</numerusform>
            <numerusform>↑ %Ln neue Zeilen oben: anzeigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>↓ %Ln new row below: show them</source>
        <translation>
            <numerusform>↓ %Ln neue Zeile unten: anzeigen</numerusform>
            <numerusform>↓ %Ln neue Zeilen unten: anzeigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>↓ %Ln new rows below: show them</source>
        <translation>
            <numerusform>↓ %Ln neue Zeile unten: anzeigen</numerusform>
            <numerusform>↓ %Ln neue Zeilen unten: anzeigen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::PortMessageDetails</name>
    <message>
        <source>Select a message to see it here.</source>
        <translation>Wählen Sie eine Nachricht, um sie hier zu sehen.</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>From → to:</source>
        <translation>Von → nach:</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Processed:</source>
        <translation>Verarbeitet:</translation>
    </message>
    <message>
        <source>Completed:</source>
        <translation>Abgeschlossen:</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>&amp;Daten</translation>
    </message>
    <message>
        <source>Data as &amp;text</source>
        <translation>Daten als &amp;Text</translation>
    </message>
    <message>
        <source>&amp;Metadata</source>
        <translation>&amp;Metadaten</translation>
    </message>
    <message>
        <source>&amp;Error</source>
        <translation>F&amp;ehler</translation>
    </message>
    <message>
        <source>Message %1</source>
        <translation>Nachricht %1</translation>
    </message>
    <message>
        <source>%1 (dead letter)</source>
        <translation>%1 (Dead Letter)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>No metadata.</source>
        <translation>Keine Metadaten.</translation>
    </message>
    <message>
        <source>No error.</source>
        <translation>Kein Fehler.</translation>
    </message>
    <message>
        <source>&amp;Error ⚠</source>
        <translation>F&amp;ehler ⚠</translation>
    </message>
    <message numerus="yes">
        <source>
… (%Ln characters more not shown)</source>
        <translation>
            <numerusform>
… (%Ln weiteres Zeichen nicht angezeigt)</numerusform>
            <numerusform>
… (%Ln weitere Zeichen nicht angezeigt)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::PortMessageModel</name>
    <message>
        <source>Created</source>
        <extracomment>A column: when the port message was created</extracomment>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>A column: the port message&apos;s status (pending, dead_letter, ...)</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Source</source>
        <extracomment>A column: the component that sent the message</extracomment>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Target</source>
        <extracomment>A column: the component the message is for</extracomment>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Retries</source>
        <extracomment>A column: retries used of those allowed, as &quot;2 / 5&quot;</extracomment>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Error</source>
        <extracomment>A column: the error message of the last attempt</extracomment>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>%1 of %2 retries used</source>
        <translation>%1 von %2 Wiederholungen verbraucht</translation>
    </message>
    <message>
        <source>Dead letter: no retries left</source>
        <translation>Dead Letter: keine Wiederholungen mehr übrig</translation>
    </message>
    <message>
        <source>Listed by id</source>
        <translation>Nach ID aufgelistet</translation>
    </message>
    <message>
        <source>Listed in the order the rows are stored, the last stored first</source>
        <translation>In der Reihenfolge aufgelistet, in der die Zeilen gespeichert sind, die zuletzt gespeicherte zuerst</translation>
    </message>
    <message>
        <source>Listed in the order the rows are stored</source>
        <translation>In der Reihenfolge aufgelistet, in der die Zeilen gespeichert sind</translation>
    </message>
    <message>
        <source>The time range is checked row by row: there is no index on port_messages.created_at (adopting the database adds one on %1).</source>
        <translation>Der Zeitraum wird Zeile für Zeile geprüft: Es gibt keinen Index auf port_messages.created_at (wird die Datenbank übernommen, kommt einer auf %1 hinzu).</translation>
    </message>
    <message>
        <source>Listed by time</source>
        <translation>Nach Zeit aufgelistet</translation>
    </message>
    <message>
        <source>%1: this database has no index on %3, so a sort by %2 would sort the whole table for every page. Adopting the database adds it.</source>
        <translation>%1: Diese Datenbank hat keinen Index auf %3, eine Sortierung nach %2 würde für jede Seite die ganze Tabelle sortieren. Wird die Datenbank übernommen, kommt er hinzu.</translation>
    </message>
</context>
<context>
    <name>porthole::ProcessedEventModel</name>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>Ereignis-ID</translation>
    </message>
    <message>
        <source>Partition</source>
        <extracomment>A column: the Kafka partition that delivered the event</extracomment>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <extracomment>A column: the Kafka offset of the event in its partition</extracomment>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>No metric</source>
        <translation>Keine Metrik</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>The event was recorded as processed, but metrics has no row with its event id: its reading was lost or is still being written.</source>
        <translation>Das Ereignis ist als verarbeitet vermerkt, aber metrics hat keine Zeile mit seiner Ereignis-ID: Sein Messwert ging verloren oder wird noch geschrieben.</translation>
    </message>
</context>
<context>
    <name>porthole::QueueFilterCounts</name>
    <message>
        <source>%1+</source>
        <extracomment>A count that stopped at its limit: more than %1</extracomment>
        <translation>%1+</translation>
    </message>
    <message>
        <source>≈%1 M</source>
        <extracomment>An estimated count in millions</extracomment>
        <translation>≈%1 Mio.</translation>
    </message>
    <message>
        <source>≈%1 k</source>
        <extracomment>An estimated count in thousands</extracomment>
        <translation>≈%1 Tsd.</translation>
    </message>
    <message>
        <source>≈%1</source>
        <extracomment>An estimated count</extracomment>
        <translation>≈%1</translation>
    </message>
    <message>
        <source>Backlog of %1 (pending and processing): %2
%3</source>
        <extracomment>%1: &quot;draining, empty in about 4 min (3 min – 5 min)&quot;, %2: the rates of 5, 15, 60 min</extracomment>
        <translation>Rückstand von %1 (ausstehend und in Bearbeitung): %2
%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Backlogs: no port grows or drains</source>
        <translation>Rückstände: kein Port wächst oder leert sich</translation>
    </message>
    <message>
        <source>Backlogs (pending and processing):</source>
        <translation>Rückstände (ausstehend und in Bearbeitung):</translation>
    </message>
</context>
<context>
    <name>porthole::QueuesPane</name>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>All ports</source>
        <translation>Alle Ports</translation>
    </message>
    <message>
        <source>Only the messages of one port</source>
        <translation>Nur die Nachrichten eines Ports</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Show the messages with status %1 (none chosen: all)</source>
        <translation>Nachrichten mit Status %1 anzeigen (keiner gewählt: alle)</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Created before this time (local time)</source>
        <translation>Vor diesem Zeitpunkt erstellt (Ortszeit)</translation>
    </message>
    <message>
        <source>Created at or after this time (local time)</source>
        <translation>Ab diesem Zeitpunkt erstellt (Ortszeit)</translation>
    </message>
    <message>
        <source>F&amp;ind:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>Show new and changed messages as they are stored</source>
        <translation>Neue und geänderte Nachrichten anzeigen, sobald sie gespeichert werden</translation>
    </message>
    <message>
        <source>There are no port messages yet.
They are shown here as the pipeline stores them.</source>
        <translation>Es gibt noch keine Port-Nachrichten.
Sie erscheinen hier, sobald die Pipeline sie speichert.</translation>
    </message>
    <message>
        <source>No port messages match the filter.</source>
        <translation>Keine Port-Nachrichten passen zum Filter.</translation>
    </message>
    <message>
        <source>Port message actions</source>
        <translation>Port-Nachrichten-Aktionen</translation>
    </message>
    <message>
        <source>every port message the Queues filter shows</source>
        <translation>alle Port-Nachrichten, die der Filter unter „Warteschlangen“ zeigt</translation>
    </message>
    <message>
        <source>the port messages shown (%1)</source>
        <translation>die angezeigten Port-Nachrichten (%1)</translation>
    </message>
    <message>
        <source>Payload, error, metadata or id</source>
        <translation>Nutzdaten, Fehler, Metadaten oder ID</translation>
    </message>
    <message>
        <source>Finds messages whose payload, error or metadata (a trace id) contains the text, in any case, or whose id it is (Ctrl+F)</source>
        <translation>Findet Nachrichten, deren Nutzdaten, Fehler oder Metadaten (eine Trace-ID) den Text enthalten, gleich in welcher Schreibweise, oder deren ID er ist (Strg+F)</translation>
    </message>
</context>
<context>
    <name>porthole::RedisActionBar</name>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>&amp;Claim…</source>
        <translation>Ü&amp;bernehmen…</translation>
    </message>
    <message>
        <source>Gives the pending entries selected to another consumer (XCLAIM)</source>
        <translation>Gibt die ausgewählten ausstehenden Einträge einem anderen Consumer (XCLAIM)</translation>
    </message>
    <message>
        <source>Claim &amp;idle…</source>
        <translation>&amp;Leerlaufende übernehmen…</translation>
    </message>
    <message>
        <source>Gives every entry of the group (or of the consumer selected) idle at least the time set above the pending list to another consumer</source>
        <translation>Gibt jeden Eintrag der Gruppe (oder des ausgewählten Consumers), der mindestens die über der Liste eingestellte Zeit wartet, einem anderen Consumer</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>Bes&amp;tätigen</translation>
    </message>
    <message>
        <source>Acknowledges the pending entries selected (XACK): no worker will get them again</source>
        <translation>Bestätigt die ausgewählten ausstehenden Einträge (XACK): kein Worker bekommt sie wieder</translation>
    </message>
    <message>
        <source>To &amp;dead letters…</source>
        <translation>Zu &amp;Dead Letters…</translation>
    </message>
    <message>
        <source>Stores the pending entries selected as dead letters, then acknowledges them</source>
        <translation>Speichert die ausgewählten ausstehenden Einträge als Dead Letters und bestätigt sie dann</translation>
    </message>
    <message>
        <source>De&amp;lete entries</source>
        <translation>Einträge lö&amp;schen</translation>
    </message>
    <message>
        <source>Deletes the entries selected from the stream (XDEL)</source>
        <translation>Löscht die ausgewählten Einträge aus dem Stream (XDEL)</translation>
    </message>
    <message>
        <source>&amp;Trim…</source>
        <translation>&amp;Kürzen…</translation>
    </message>
    <message>
        <source>Deletes the oldest entries of the stream (XTRIM)</source>
        <translation>Löscht die ältesten Einträge des Streams (XTRIM)</translation>
    </message>
    <message>
        <source>&amp;New group…</source>
        <translation>&amp;Neue Gruppe…</translation>
    </message>
    <message>
        <source>Creates a consumer group on the stream</source>
        <translation>Legt eine Consumer-Gruppe auf dem Stream an</translation>
    </message>
    <message>
        <source>&amp;Reset group…</source>
        <translation>Gruppe &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>Sets where the group selected goes on reading (XGROUP SETID)</source>
        <translation>Legt fest, wo die ausgewählte Gruppe weiterliest (XGROUP SETID)</translation>
    </message>
    <message>
        <source>Delete &amp;group</source>
        <translation>&amp;Gruppe löschen</translation>
    </message>
    <message>
        <source>Deletes the group selected, with its consumers and pending entries</source>
        <translation>Löscht die ausgewählte Gruppe mit ihren Consumern und ausstehenden Einträgen</translation>
    </message>
    <message>
        <source>Delete c&amp;onsumer</source>
        <translation>C&amp;onsumer löschen</translation>
    </message>
    <message>
        <source>Deletes the consumer selected, if it holds no pending entry</source>
        <translation>Löscht den ausgewählten Consumer, wenn er keinen ausstehenden Eintrag hält</translation>
    </message>
    <message>
        <source>Re&amp;queue</source>
        <translation>&amp;Wieder einreihen</translation>
    </message>
    <message>
        <source>Puts the elements of this processing list back on its queue, for a worker that stopped</source>
        <translation>Legt die Elemente dieser Bearbeitungsliste zurück in ihre Warteschlange, für einen Worker, der angehalten hat</translation>
    </message>
    <message>
        <source>The data is open read-only: nothing can be changed</source>
        <translation>Die Daten sind schreibgeschützt geöffnet: nichts kann geändert werden</translation>
    </message>
    <message>
        <source>Allows the actions below for this session</source>
        <translation>Erlaubt die folgenden Aktionen für diese Sitzung</translation>
    </message>
</context>
<context>
    <name>porthole::RedisActionWorkflow</name>
    <message>
        <source>Planning: %1…</source>
        <translation>Planen: %1…</translation>
    </message>
    <message>
        <source>The consumer that gets the entries:</source>
        <translation>Der Consumer, der die Einträge bekommt:</translation>
    </message>
    <message>
        <source>Why they are dead letters (stored as their error):</source>
        <translation>Warum sie Dead Letters sind (als ihr Fehler gespeichert):</translation>
    </message>
    <message>
        <source>moved to the dead letters by an operator</source>
        <translation>von einem Operator zu den Dead Letters verschoben</translation>
    </message>
    <message>
        <source>Keep the newest N entries (a number), or the entries from an id on (MS-SEQ):</source>
        <translation>Die neuesten N Einträge behalten (eine Zahl), oder die Einträge ab einer ID (MS-SEQ):</translation>
    </message>
    <message>
        <source>The new group&apos;s name:</source>
        <translation>Name der neuen Gruppe:</translation>
    </message>
    <message>
        <source>Where it starts: $ for new entries only, 0 for the whole stream, or an entry id:</source>
        <translation>Wo sie beginnt: $ nur neue Einträge, 0 der ganze Stream, oder eine Eintrags-ID:</translation>
    </message>
    <message>
        <source>Where group %1 goes on reading: $ after the last entry, 0 from the first, or an entry id:</source>
        <translation>Wo Gruppe %1 weiterliest: $ nach dem letzten Eintrag, 0 ab dem ersten, oder eine Eintrags-ID:</translation>
    </message>
    <message>
        <source>Applying: %1…</source>
        <translation>Ausführen: %1…</translation>
    </message>
    <message>
        <source>The action did not run</source>
        <translation>Die Aktion wurde nicht ausgeführt</translation>
    </message>
</context>
<context>
    <name>porthole::RedisKeyModel</name>
    <message>
        <source>MEMORY USAGE, sampled: an estimate for a large key</source>
        <translation>MEMORY USAGE, mit Stichproben: eine Schätzung bei einem großen Schlüssel</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>%1: Porthole receives from it</source>
        <translation>%1: Porthole empfängt daraus</translation>
    </message>
    <message>
        <source>Clients subscribed now: Redis keeps nothing else of a channel</source>
        <translation>Jetzt abonnierte Clients: mehr hält Redis von einem Kanal nicht</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keiner</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>läuft nie ab</translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation>läuft ab in %1</translation>
    </message>
    <message>
        <source>%1 in memory, %2</source>
        <translation>%1 im Speicher, %2</translation>
    </message>
    <message>
        <source>Time to live: when Redis deletes the key</source>
        <translation>Lebensdauer: wann Redis den Schlüssel löscht</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
</context>
<context>
    <name>porthole::RedisListView</name>
    <message>
        <source>From the head (index 0)</source>
        <translation>Vom Kopf (Index 0)</translation>
    </message>
    <message>
        <source>From the tail</source>
        <translation>Vom Ende</translation>
    </message>
    <message>
        <source>Which end of the list to read first, a page at a time</source>
        <translation>Welches Ende der Liste zuerst gelesen wird, seitenweise</translation>
    </message>
    <message>
        <source>Double-click a processing list to see its elements</source>
        <translation>Doppelklicken Sie eine Bearbeitungsliste, um ihre Elemente zu sehen</translation>
    </message>
    <message>
        <source>This is a worker&apos;s processing list: what it took from its queue and has not acknowledged yet.</source>
        <translation>Dies ist die Bearbeitungsliste eines Workers: was er aus seiner Warteschlange genommen und noch nicht bestätigt hat.</translation>
    </message>
    <message>
        <source>No processing list: no worker reads this list with --mode list, or none holds an element now.</source>
        <translation>Keine Bearbeitungsliste: kein Worker liest diese Liste mit --mode list, oder keiner hält gerade ein Element.</translation>
    </message>
    <message>
        <source>Processing lists (taken by a worker, not yet acknowledged):</source>
        <translation>Bearbeitungslisten (von einem Worker genommen, noch nicht bestätigt):</translation>
    </message>
    <message>
        <source>Reading the list %1…</source>
        <translation>Die Liste %1 wird gelesen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a list of %2 elements; %3 read</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: eine Liste mit %2 Elementen; %3 gelesen</translation>
    </message>
    <message>
        <source>Select an element to see it here.</source>
        <translation>Wählen Sie ein Element, um es hier zu sehen.</translation>
    </message>
</context>
<context>
    <name>porthole::RedisPagedModel</name>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>binary, %1: %2</source>
        <translation>binär, %1: %2</translation>
    </message>
    <message>
        <source>… %1 more bytes not shown</source>
        <translation>… %1 weitere Bytes nicht angezeigt</translation>
    </message>
</context>
<context>
    <name>porthole::RedisPane</name>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Keys matching (every key)</source>
        <translation>Passende Schlüssel (alle Schlüssel)</translation>
    </message>
    <message>
        <source>Keys matching this pattern (SCAN&apos;s MATCH: * any characters, ? one, [ab] a or b), such as orders:*</source>
        <translation>Schlüssel, die zu diesem Muster passen (MATCH von SCAN: * beliebige Zeichen, ? eines, [ab] a oder b), etwa orders:*</translation>
    </message>
    <message>
        <source>any type</source>
        <translation>jeder Typ</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Looks for the keys again (F5), a page at a time: never KEYS</source>
        <translation>Sucht die Schlüssel erneut (F5), seitenweise: nie KEYS</translation>
    </message>
    <message>
        <source>There is no key %1 (any more).</source>
        <translation>Es gibt keinen Schlüssel %1 (mehr).</translation>
    </message>
    <message numerus="yes">
        <source>%n key found</source>
        <translation>
            <numerusform>%n Schlüssel gefunden</numerusform>
            <numerusform>%n Schlüssel gefunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keys found</source>
        <translation>
            <numerusform>%n Schlüssel gefunden</numerusform>
            <numerusform>%n Schlüssel gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; scanning…</source>
        <translation>%1; wird gesucht…</translation>
    </message>
    <message>
        <source>%1: narrow the pattern to see others</source>
        <translation>%1: grenzen Sie das Muster ein, um andere zu sehen</translation>
    </message>
    <message>
        <source>%1 so far; scroll down to scan further</source>
        <translation>%1 bisher; scrollen Sie nach unten, um weiter zu suchen</translation>
    </message>
    <message>
        <source>The server holds no key: nothing was sent to it yet.</source>
        <translation>Der Server hält keinen Schlüssel: es wurde noch nichts an ihn gesendet.</translation>
    </message>
    <message>
        <source>No key matches. Clear the pattern or pick another type.</source>
        <translation>Kein Schlüssel passt. Leeren Sie das Muster oder wählen Sie einen anderen Typ.</translation>
    </message>
    <message>
        <source>%1; the scan is complete</source>
        <translation>%1; die Suche ist vollständig</translation>
    </message>
    <message>
        <source>%1 is a pub/sub channel, with %2 clients subscribed now. Redis keeps nothing of a channel: a message published while no one listens is lost, and nothing of it can be shown here. A stream keeps its entries: see DEPLOYMENT.md.</source>
        <translation>%1 ist ein Pub/Sub-Kanal, den jetzt %2 Clients abonniert haben. Redis hält nichts von einem Kanal: eine Nachricht, die veröffentlicht wird, während niemand zuhört, geht verloren, und nichts davon kann hier gezeigt werden. Ein Stream behält seine Einträge: siehe DEPLOYMENT.md.</translation>
    </message>
    <message>
        <source>No Redis server is open. Name one with --redis redis://HOST:PORT when you start Porthole, or in File &gt; Open… (Redis server): this pane then shows its keys and what each holds: streams with their consumer groups and pending entries, lists, hashes, sets, sorted sets and strings.</source>
        <translation>Kein Redis-Server ist geöffnet. Nennen Sie einen mit --redis redis://HOST:PORT beim Start von Porthole oder unter Datei &gt; Öffnen… (Redis-Server): dieser Bereich zeigt dann seine Schlüssel und was jeder enthält: Streams mit ihren Consumer-Gruppen und ausstehenden Einträgen, Listen, Hashes, Sets, sortierte Sets und Strings.</translation>
    </message>
    <message>
        <source>%1 is a %2, a type of a Redis module this pane does not read. It shows streams, lists, hashes, sets, sorted sets and strings.</source>
        <translation>%1 ist ein %2, der Typ eines Redis-Moduls, den dieser Bereich nicht liest. Er zeigt Streams, Listen, Hashes, Sets, sortierte Sets und Strings.</translation>
    </message>
    <message>
        <source>Select a key on the left to see what it holds.</source>
        <translation>Wählen Sie links einen Schlüssel, um zu sehen, was er enthält.</translation>
    </message>
</context>
<context>
    <name>porthole::RedisStreamView</name>
    <message>
        <source>&amp;Entries</source>
        <translation>&amp;Einträge</translation>
    </message>
    <message>
        <source>&amp;Groups and pending</source>
        <translation>&amp;Gruppen und ausstehend</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Los</translation>
    </message>
    <message>
        <source>Reads the entries from this time on, oldest first</source>
        <translation>Liest die Einträge ab diesem Zeitpunkt, älteste zuerst</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Neueste zuerst</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <source>From a time</source>
        <translation>Ab einem Zeitpunkt</translation>
    </message>
    <message>
        <source>Which entries to read first: a page at a time, never the whole stream</source>
        <translation>Welche Einträge zuerst gelesen werden: seitenweise, nie der ganze Stream</translation>
    </message>
    <message>
        <source>Entries added at this time (local) or later: the ids of a stream are the times its entries were added</source>
        <translation>Einträge, die zu diesem Zeitpunkt (Ortszeit) oder später hinzugefügt wurden: die IDs eines Streams sind die Zeitpunkte, zu denen seine Einträge hinzugefügt wurden</translation>
    </message>
    <message>
        <source>Search the entries read</source>
        <translation>Die gelesenen Einträge durchsuchen</translation>
    </message>
    <message>
        <source>Shows only the entries read so far whose id, fields or payload hold this text</source>
        <translation>Zeigt nur die bisher gelesenen Einträge, deren ID, Felder oder Nutzdaten diesen Text enthalten</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>idle ≥ </source>
        <translation>Leerlauf ≥ </translation>
    </message>
    <message>
        <source>Only entries that have waited at least this long since their last delivery</source>
        <translation>Nur Einträge, die seit ihrer letzten Zustellung mindestens so lange warten</translation>
    </message>
    <message>
        <source>poison over </source>
        <translation>Gift über </translation>
    </message>
    <message>
        <source> deliveries</source>
        <translation> Zustellungen</translation>
    </message>
    <message>
        <source>The worker&apos;s --max-deliveries: an entry delivered more often is a poison entry, which it moves to the dead letters</source>
        <translation>--max-deliveries des Workers: ein öfter zugestellter Eintrag ist ein Gifteintrag, den er zu den Dead Letters verschiebt</translation>
    </message>
    <message>
        <source>Reading the stream %1…</source>
        <translation>Der Stream %1 wird gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%n consumer group</source>
        <translation>
            <numerusform>%n Consumer-Gruppe</numerusform>
            <numerusform>%n Consumer-Gruppen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consumer groups</source>
        <translation>
            <numerusform>%n Consumer-Gruppen</numerusform>
            <numerusform>%n Consumer-Gruppen</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: an empty stream, %2 entries added in all; %3.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein leerer Stream, insgesamt %2 Einträge hinzugefügt; %3.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 entries, from %3 to %4; %5.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Einträge, von %3 bis %4; %5.</translation>
    </message>
    <message>
        <source>%1 added in all, %2 deleted or trimmed (the last up to %3).</source>
        <translation>Insgesamt %1 hinzugefügt, %2 gelöscht oder gekürzt (der letzte bis %3).</translation>
    </message>
    <message>
        <source>None deleted or trimmed.</source>
        <translation>Keiner gelöscht oder gekürzt.</translation>
    </message>
    <message>
        <source>Select a group or a consumer above to see its pending entries.</source>
        <translation>Wählen Sie oben eine Gruppe oder einen Consumer, um seine ausstehenden Einträge zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Groups and pending (none)</source>
        <translation>&amp;Gruppen und ausstehend (keine)</translation>
    </message>
    <message>
        <source>&amp;Groups and pending (%1 pending)</source>
        <translation>&amp;Gruppen und ausstehend (%1 ausstehend)</translation>
    </message>
    <message>
        <source>No consumer group reads this stream: a worker started with --mode stream creates its group.</source>
        <translation>Keine Consumer-Gruppe liest diesen Stream: ein mit --mode stream gestarteter Worker legt seine Gruppe an.</translation>
    </message>
    <message>
        <source>Select an entry to see its fields and payload here.</source>
        <translation>Wählen Sie einen Eintrag, um seine Felder und Nutzdaten hier zu sehen.</translation>
    </message>
    <message>
        <source>The receiver keeps entry %1 as a dead letter: %2</source>
        <translation>Der Empfänger behält Eintrag %1 als Dead Letter: %2</translation>
    </message>
    <message>
        <source>Pending in group &lt;b&gt;%1&lt;/b&gt;, every consumer&apos;s:</source>
        <translation>Ausstehend in Gruppe &lt;b&gt;%1&lt;/b&gt;, aller Consumer:</translation>
    </message>
    <message>
        <source>Pending in group &lt;b&gt;%1&lt;/b&gt;, held by &lt;b&gt;%2&lt;/b&gt;:</source>
        <translation>Ausstehend in Gruppe &lt;b&gt;%1&lt;/b&gt;, gehalten von &lt;b&gt;%2&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <source>%1 of the %2 entries read match</source>
        <translation>%1 der %2 gelesenen Einträge passen</translation>
    </message>
    <message>
        <source>%1 entries read: go to a time to see others</source>
        <translation>%1 Einträge gelesen: springen Sie zu einem Zeitpunkt, um andere zu sehen</translation>
    </message>
    <message>
        <source>No entries</source>
        <translation>Keine Einträge</translation>
    </message>
    <message>
        <source>All %1 entries read</source>
        <translation>Alle %1 Einträge gelesen</translation>
    </message>
    <message>
        <source>%1 entries read; scroll down for more</source>
        <translation>%1 Einträge gelesen; scrollen Sie nach unten für mehr</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>%1 ausstehend</translation>
    </message>
    <message>
        <source>%1 pending read; scroll for more</source>
        <translation>%1 ausstehend gelesen; scrollen für mehr</translation>
    </message>
    <message>
        <source>%1 poison</source>
        <translation>%1 Gift</translation>
    </message>
    <message>
        <source>Entry %1 is no longer in %2 (trimmed or deleted): the entries after it are shown.</source>
        <translation>Eintrag %1 ist nicht mehr in %2 (gekürzt oder gelöscht): die Einträge danach werden gezeigt.</translation>
    </message>
</context>
<context>
    <name>porthole::RedisValueView</name>
    <message>
        <source>bytes %1 to %2</source>
        <translation>Bytes %1 bis %2</translation>
    </message>
    <message>
        <source>Lowest score first</source>
        <translation>Niedrigster Score zuerst</translation>
    </message>
    <message>
        <source>Highest score first</source>
        <translation>Höchster Score zuerst</translation>
    </message>
    <message>
        <source>Scores from</source>
        <translation>Scores von</translation>
    </message>
    <message>
        <source>Which members to read first, a page at a time: by rank, or those whose score is within the range beside</source>
        <translation>Welche Mitglieder zuerst gelesen werden, seitenweise: nach Rang oder die, deren Score im Bereich daneben liegt</translation>
    </message>
    <message>
        <source>A score: a number, ( before it to leave it out (such as (5), -inf or +inf</source>
        <translation>Ein Score: eine Zahl, ( davor, um sie auszuschließen (etwa (5), -inf oder +inf</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Los</translation>
    </message>
    <message>
        <source>Reads the members whose score is within this range</source>
        <translation>Liest die Mitglieder, deren Score in diesem Bereich liegt</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>“%1” is not a score: give a number, ( before it to leave it out, -inf or +inf.</source>
        <translation>„%1“ ist kein Score: geben Sie eine Zahl an, ( davor, um sie auszuschließen, -inf oder +inf.</translation>
    </message>
    <message>
        <source>Select an element to see its value here.</source>
        <translation>Wählen Sie ein Element, um hier seinen Wert zu sehen.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1 …</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a hash of %2 fields</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein Hash mit %2 Feldern</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a set of %2 members</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein Set mit %2 Mitgliedern</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a sorted set of %2 members, %3 of them with scores from %4 to %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein sortiertes Set mit %2 Mitgliedern, davon %3 mit Scores von %4 bis %5</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a sorted set of %2 members, highest score first</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein sortiertes Set mit %2 Mitgliedern, höchster Score zuerst</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a sorted set of %2 members, lowest score first</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein sortiertes Set mit %2 Mitgliedern, niedrigster Score zuerst</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a string of %2 bytes</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein String von %2 Bytes</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: a string of %2 (%3 bytes)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: ein String von %2 (%3 Bytes)</translation>
    </message>
    <message>
        <source>read whole</source>
        <translation>ganz gelesen</translation>
    </message>
    <message>
        <source>the first %1 read, in ranges: the rest is not shown</source>
        <translation>die ersten %1 gelesen, in Abschnitten: der Rest wird nicht gezeigt</translation>
    </message>
    <message>
        <source>read in ranges of %1</source>
        <translation>in Abschnitten von %1 gelesen</translation>
    </message>
    <message>
        <source>%1 read in ranges; scroll down for more</source>
        <translation>%1 in Abschnitten gelesen; für mehr nach unten blättern</translation>
    </message>
    <message>
        <source>%1 read; reading…</source>
        <translation>%1 gelesen; lese …</translation>
    </message>
    <message>
        <source>%1 read: the rest is not shown</source>
        <translation>%1 gelesen: der Rest wird nicht gezeigt</translation>
    </message>
    <message>
        <source>all %1 read</source>
        <translation>alle %1 gelesen</translation>
    </message>
    <message>
        <source>%1 read; scroll down for more</source>
        <translation>%1 gelesen; für mehr nach unten blättern</translation>
    </message>
</context>
<context>
    <name>porthole::RemoteWorkerDialog</name>
    <message>
        <source>Add Worker</source>
        <translation>Worker hinzufügen</translation>
    </message>
    <message>
        <source>optional, e.g. ingest-2</source>
        <translation>optional, z. B. ingest-2</translation>
    </message>
    <message>
        <source>only if the worker has one</source>
        <translation>nur wenn der Worker eines hat</translation>
    </message>
    <message>
        <source>The address `porthole ingest --listen` prints on start. The token is sent with every request to this worker and kept until Porthole closes, not on disk.</source>
        <translation>Die Adresse, die `porthole ingest --listen` beim Start ausgibt. Das Token wird mit jeder Anfrage an diesen Worker gesendet und bis zum Beenden von Porthole aufbewahrt, nicht auf der Festplatte.</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>Set Token</source>
        <translation>Token festlegen</translation>
    </message>
</context>
<context>
    <name>porthole::RemoteWorkerModel</name>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>keine Antwort innerhalb von %1 s</translation>
    </message>
    <message>
        <source>it closed the connection</source>
        <translation>er hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>A column: what the worker is doing (running, paused, unreachable, ...)</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Rate</source>
        <extracomment>A column: messages a second</extracomment>
        <translation>Rate</translation>
    </message>
    <message>
        <source>Pending</source>
        <extracomment>A column: entries delivered to the worker and not yet acknowledged</extracomment>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Tokens are kept until Porthole closes, not between sessions: give it again.</source>
        <translation>Tokens werden nur bis zum Beenden von Porthole aufbewahrt, nicht zwischen Sitzungen: Geben Sie es erneut ein.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Consumer: %1 on %2</source>
        <translation>Consumer: %1 auf %2</translation>
    </message>
    <message>
        <source>Porthole %1, up %2 s</source>
        <translation>Porthole %1, läuft seit %2 s</translation>
    </message>
    <message>
        <source>Stored %1, dead letters %2, duplicates %3</source>
        <translation>Gespeichert %1, Dead Letters %2, Duplikate %3</translation>
    </message>
    <message>
        <source>Last answer at %1</source>
        <translation>Letzte Antwort um %1</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>unreachable (%1)</source>
        <translation>nicht erreichbar (%1)</translation>
    </message>
    <message>
        <source>401 token required: set one</source>
        <translation>401 Token erforderlich: bitte festlegen</translation>
    </message>
    <message>
        <source>401 token refused</source>
        <translation>401 Token abgelehnt</translation>
    </message>
    <message>
        <source>token needed: Set token…</source>
        <translation>Token nötig: Token festlegen…</translation>
    </message>
    <message>
        <source>not a Porthole worker (%1)</source>
        <translation>kein Porthole-Worker (%1)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a worker&apos;s address; write http://HOST:PORT, as `porthole ingest --listen` prints it.</source>
        <translation>„%1“ ist keine Worker-Adresse; schreiben Sie http://HOST:PORT, wie `porthole ingest --listen` es ausgibt.</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>its answer is not JSON</source>
        <translation>seine Antwort ist kein JSON</translation>
    </message>
    <message>
        <source>its answer is longer than %1 MiB</source>
        <translation>seine Antwort ist länger als %1 MiB</translation>
    </message>
</context>
<context>
    <name>porthole::RemoteWorkersPanel</name>
    <message>
        <source>&amp;Add worker…</source>
        <translation>Worker &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Set &amp;token…</source>
        <translation>&amp;Token festlegen…</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Follow a worker on another machine by the address its `porthole ingest --listen` prints</source>
        <translation>Einen Worker auf einem anderen Rechner über die Adresse verfolgen, die sein `porthole ingest --listen` ausgibt</translation>
    </message>
    <message>
        <source>No worker on another machine is followed. Start one with `porthole ingest --listen HOST:PORT` and add it here.</source>
        <translation>Es wird kein Worker auf einem anderen Rechner verfolgt. Starten Sie einen mit `porthole ingest --listen HOST:PORT` und fügen Sie ihn hier hinzu.</translation>
    </message>
    <message>
        <source>Workers on other machines, asked for their health every %1 s.</source>
        <translation>Worker auf anderen Rechnern, alle %1 s nach ihrem Zustand gefragt.</translation>
    </message>
</context>
<context>
    <name>porthole::ReportController</name>
    <message>
        <source>A report is being written already; wait for it to finish.</source>
        <translation>Es wird bereits ein Bericht geschrieben; warten Sie, bis er fertig ist.</translation>
    </message>
    <message>
        <source>Reading the data for the report…</source>
        <translation>Daten für den Bericht werden gelesen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Writing the report to %1…</source>
        <translation>Bericht wird nach %1 geschrieben…</translation>
    </message>
    <message>
        <source>The report was cancelled; nothing was written.</source>
        <translation>Der Bericht wurde abgebrochen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>Drawing the charts and writing %1…</source>
        <translation>Diagramme werden gezeichnet und %1 wird geschrieben…</translation>
    </message>
    <message>
        <source>Wrote the report to %1. Nothing was recorded in its range.</source>
        <translation>Bericht nach %1 geschrieben. In seinem Zeitraum wurde nichts aufgezeichnet.</translation>
    </message>
    <message>
        <source>Wrote the report to %1.</source>
        <translation>Bericht nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>The report could not be written: %1</source>
        <translation>Der Bericht konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Report failed</source>
        <translation>Bericht fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>porthole::ReportDialog</name>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>A report of the pipeline over a time range, for someone without Porthole: what was received and stored, dead letters created, replayed and open, components unhealthy or stale, dead letters grouped by error, charts, batch-file integrity and the operator actions of the range.</source>
        <translation>Ein Bericht über die Pipeline in einem Zeitraum, für jemanden ohne Porthole: was empfangen und gespeichert wurde, erstellte, erneut gesendete und offene Dead Letters, gestörte oder veraltete Komponenten, Dead Letters nach Fehler gruppiert, Diagramme, Integrität der Batch-Dateien und die Bedieneraktionen im Zeitraum.</translation>
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Last &amp;day</source>
        <translation>Letzter &amp;Tag</translation>
    </message>
    <message>
        <source>Last &amp;week</source>
        <translation>Letzte &amp;Woche</translation>
    </message>
    <message>
        <source>Last &amp;30 days</source>
        <translation>Letzte &amp;30 Tage</translation>
    </message>
    <message>
        <source>Check the batch files (no batch-file folder is open)</source>
        <translation>Batch-Dateien prüfen (kein Batch-Datei-Ordner geöffnet)</translation>
    </message>
    <message>
        <source>Check the batch files in %1</source>
        <translation>Batch-Dateien in %1 prüfen</translation>
    </message>
    <message>
        <source>PDF (A4, to print or mail)</source>
        <translation>PDF (A4, zum Drucken oder Versenden)</translation>
    </message>
    <message>
        <source>HTML (one self-contained file)</source>
        <translation>HTML (eine eigenständige Datei)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>Date&amp;i:</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>HTML files (*.html)</source>
        <translation>HTML-Dateien (*.html)</translation>
    </message>
    <message>
        <source>Write Re&amp;port</source>
        <translation>Bericht &amp;schreiben</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>Kein Vergleich</translation>
    </message>
    <message>
        <source>The same range a day before</source>
        <translation>Der gleiche Zeitraum einen Tag vorher</translation>
    </message>
    <message>
        <source>The same range a week before</source>
        <translation>Der gleiche Zeitraum eine Woche vorher</translation>
    </message>
    <message>
        <source>Charts with each series as it was then, dashed, and the dead letters&apos; errors of both ranges side by side</source>
        <translation>Diagramme mit jeder Reihe, wie sie damals war, gestrichelt, und die Fehler der Dead Letters beider Zeiträume nebeneinander</translation>
    </message>
    <message>
        <source>Co&amp;mpare with:</source>
        <translation>Ver&amp;gleichen mit:</translation>
    </message>
</context>
<context>
    <name>porthole::RetentionController</name>
    <message>
        <source>Deleting old data…</source>
        <translation>Alte Daten werden gelöscht…</translation>
    </message>
    <message>
        <source>Deleting old data failed: %1</source>
        <translation>Das Löschen alter Daten ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Deleted %1 rows of old data.</source>
        <translation>%1 Zeilen alter Daten gelöscht.</translation>
    </message>
</context>
<context>
    <name>porthole::RetentionDialog</name>
    <message>
        <source>Component metrics older than</source>
        <translation>Komponentenmetriken älter als</translation>
    </message>
    <message>
        <source>Port metrics older than</source>
        <translation>Port-Metriken älter als</translation>
    </message>
    <message>
        <source>Port messages completed more than</source>
        <translation>Port-Nachrichten abgeschlossen vor mehr als</translation>
    </message>
    <message>
        <source>Checkpoints of a component beyond the newest</source>
        <translation>Checkpoints einer Komponente jenseits der neuesten</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 Zeile</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>Delete Old Data</source>
        <translation>Alte Daten löschen</translation>
    </message>
    <message>
        <source>Each table keeps what its rule says; 0 keeps a table whole. Preview shows what the rules would delete, and Delete removes exactly those rows, in short batches so that ingest keeps writing. The audit log records the run. Port messages of other statuses than completed, and the latest checkpoint of a name, are never deleted.</source>
        <translation>Jede Tabelle behält, was ihre Regel sagt; 0 behält eine Tabelle ganz. Vorschau zeigt, was die Regeln löschen würden, und Löschen entfernt genau diese Zeilen, in kurzen Stapeln, damit der Empfang weiterschreibt. Das Audit-Protokoll hält den Lauf fest. Port-Nachrichten mit einem anderen Status als abgeschlossen und der neueste Checkpoint eines Namens werden nie gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Stopping after the batch under way…</source>
        <translation>Hält nach dem laufenden Stapel an…</translation>
    </message>
    <message>
        <source>Preview to see what the rules would delete.</source>
        <translation>Vorschau zeigt, was die Regeln löschen würden.</translation>
    </message>
    <message>
        <source>keep all</source>
        <translation>alles behalten</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>In all</source>
        <translation>Insgesamt</translation>
    </message>
    <message>
        <source>Nothing is old enough to delete.</source>
        <translation>Nichts ist alt genug, um gelöscht zu werden.</translation>
    </message>
    <message>
        <source>Delete removes these rows.</source>
        <translation>Löschen entfernt diese Zeilen.</translation>
    </message>
    <message>
        <source>Deleted %1 of %2 rows…</source>
        <translation>%1 von %2 Zeilen gelöscht…</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 rows. Preview again for the rest.</source>
        <translation>Nach %1 von %2 Zeilen angehalten. Für den Rest erneut Vorschau.</translation>
    </message>
    <message>
        <source>Deleted %1 rows; the audit log records it.</source>
        <translation>%1 Zeilen gelöscht; das Audit-Protokoll hält es fest.</translation>
    </message>
    <message>
        <source>Nothing more was deleted: %1</source>
        <translation>Nichts weiter wurde gelöscht: %1</translation>
    </message>
    <message>
        <source>A rule changed: preview again.</source>
        <translation>Eine Regel hat sich geändert: erneut Vorschau.</translation>
    </message>
    <message>
        <source>Type %1 to delete these rows:</source>
        <translation>Geben Sie %1 ein, um diese Zeilen zu löschen:</translation>
    </message>
    <message>
        <source>Backlog history older than</source>
        <translation>Rückstandsverlauf älter als</translation>
    </message>
    <message>
        <source>Delete removes these rows: the whole chunks of TimescaleDB hypertables among them at once (drop_chunks), the rest in batches.</source>
        <translation>Löschen entfernt diese Zeilen: die ganzen Chunks der TimescaleDB-Hypertabellen darunter auf einmal (drop_chunks), den Rest in Stapeln.</translation>
    </message>
    <message>
        <source>%1 (1 whole chunk)</source>
        <translation>%1 (1 ganzer Chunk)</translation>
    </message>
    <message>
        <source>%1 (%2 whole chunks)</source>
        <translation>%1 (%2 ganze Chunks)</translation>
    </message>
</context>
<context>
    <name>porthole::SavedViewsController</name>
    <message>
        <source>%1: the saved view “%2”</source>
        <translation>%1: die gespeicherte Ansicht „%2“</translation>
    </message>
    <message>
        <source>No saved views yet</source>
        <translation>Noch keine gespeicherten Ansichten</translation>
    </message>
    <message>
        <source>&amp;Save View As…</source>
        <translation>Ansicht &amp;speichern unter…</translation>
    </message>
    <message>
        <source>&amp;Delete View</source>
        <translation>Ansicht &amp;löschen</translation>
    </message>
    <message>
        <source>Save View</source>
        <translation>Ansicht speichern</translation>
    </message>
    <message>
        <source>A name for the filter %1 shows now:</source>
        <translation>Ein Name für den Filter, den %1 jetzt zeigt:</translation>
    </message>
    <message>
        <source>Replace the View?</source>
        <translation>Ansicht ersetzen?</translation>
    </message>
    <message>
        <source>%1 has a view called “%2”. Replace its filter with this one?</source>
        <translation>%1 hat eine Ansicht namens „%2“. Ihren Filter durch diesen ersetzen?</translation>
    </message>
    <message>
        <source>Saved the view “%1”</source>
        <translation>Ansicht „%1“ gespeichert</translation>
    </message>
    <message>
        <source>Delete the View?</source>
        <translation>Ansicht löschen?</translation>
    </message>
    <message>
        <source>Delete the saved view “%1” of %2? The data it shows is not touched.</source>
        <translation>Die gespeicherte Ansicht „%1“ von %2 löschen? Die Daten, die sie zeigt, bleiben unberührt.</translation>
    </message>
</context>
<context>
    <name>porthole::ScannedValueModel</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
</context>
<context>
    <name>porthole::SensorEventsPane</name>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen …</translation>
    </message>
    <message>
        <source>Cannot read: %1</source>
        <translation>Kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Sensor events</source>
        <translation>Sensorereignisse</translation>
    </message>
    <message>
        <source>any event id</source>
        <translation>jede Ereignis-ID</translation>
    </message>
    <message>
        <source>Only rows whose event id contains this text (any case)</source>
        <translation>Nur Zeilen, deren Ereignis-ID diesen Text enthält (Groß-/Kleinschreibung egal)</translation>
    </message>
    <message>
        <source>&amp;Event id:</source>
        <translation>&amp;Ereignis-ID:</translation>
    </message>
    <message>
        <source>&amp;Only rows with a finding</source>
        <translation>&amp;Nur Zeilen mit Befund</translation>
    </message>
    <message>
        <source>Only events without a metric, and metrics without an event, with an event id stored more than once or with a timestamp before the sensor&apos;s previous reading</source>
        <translation>Nur Ereignisse ohne Metrik und Metriken ohne Ereignis, mit mehrfach gespeicherter Ereignis-ID oder mit einem Zeitstempel vor dem vorigen Messwert des Sensors</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reads the sensors and both tables again (F5)</source>
        <translation>Liest die Sensoren und beide Tabellen neu (F5)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren …</translation>
    </message>
    <message>
        <source>Writes every row of the listing that had the focus last (the metrics, unless it was the processed events) to a CSV, JSON or JSON Lines file (Ctrl+E)</source>
        <translation>Schreibt jede Zeile der Liste, die zuletzt den Fokus hatte (die Metriken, außer es waren die verarbeiteten Ereignisse), in eine CSV-, JSON- oder JSON-Lines-Datei (Strg+E)</translation>
    </message>
    <message>
        <source>&amp;All sensors</source>
        <translation>&amp;Alle Sensoren</translation>
    </message>
    <message>
        <source>Lists the events and metrics of every sensor</source>
        <translation>Listet die Ereignisse und Metriken aller Sensoren</translation>
    </message>
    <message>
        <source>Sensors</source>
        <translation>Sensoren</translation>
    </message>
    <message>
        <source>Processed events</source>
        <translation>Verarbeitete Ereignisse</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>the processed events shown (%1)</source>
        <translation>die angezeigten verarbeiteten Ereignisse (%1)</translation>
    </message>
    <message>
        <source>the metrics shown (%1)</source>
        <translation>die angezeigten Metriken (%1)</translation>
    </message>
    <message>
        <source>Every sensor</source>
        <translation>Alle Sensoren</translation>
    </message>
    <message>
        <source>Sensor %1</source>
        <translation>Sensor %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sensor</source>
        <translation>
            <numerusform>%n Sensor</numerusform>
            <numerusform>%n Sensoren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sensors</source>
        <translation>
            <numerusform>%n Sensor</numerusform>
            <numerusform>%n Sensoren</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::SensorListModel</name>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Events</source>
        <extracomment>A column: how many processed_events rows a sensor has</extracomment>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Metrics</source>
        <extracomment>A column: how many metrics rows a sensor has</extracomment>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>%1 processed events, %2 metrics: they differ by %3</source>
        <translation>%1 verarbeitete Ereignisse, %2 Metriken: Sie unterscheiden sich um %3</translation>
    </message>
    <message>
        <source>%1+</source>
        <extracomment>A count that stopped at its cap: more rows than this</extracomment>
        <translation>%1+</translation>
    </message>
    <message>
        <source>%1 processed events, %2 metrics: counted up to %3 each; choose the sensor to see its counts</source>
        <translation>%1 verarbeitete Ereignisse, %2 Metriken: jeweils bis %3 gezählt; den Sensor auswählen, um seine Anzahlen zu sehen</translation>
    </message>
</context>
<context>
    <name>porthole::SensorMetricModel</name>
    <message>
        <source>No processed event</source>
        <translation>Kein verarbeitetes Ereignis</translation>
    </message>
    <message>
        <source>Event id stored %1 times</source>
        <translation>Ereignis-ID %1-mal gespeichert</translation>
    </message>
    <message>
        <source>Timestamp before the previous one</source>
        <translation>Zeitstempel vor dem vorigen</translation>
    </message>
    <message>
        <source>The row&apos;s id: the order in which the readings were stored</source>
        <translation>Die ID der Zeile: die Reihenfolge, in der die Messwerte gespeichert wurden</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>Ereignis-ID</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Verarbeitet</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>UTC: %1, before the sensor&apos;s previous reading (%2)</source>
        <translation>UTC: %1, vor dem vorigen Messwert des Sensors (%2)</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>processed_events has no row with this event id</source>
        <translation>processed_events hat keine Zeile mit dieser Ereignis-ID</translation>
    </message>
</context>
<context>
    <name>porthole::SettingsDialog</name>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> Nachrichten</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>D&amp;urchsuchen…</translation>
    </message>
    <message>
        <source>Porthole&apos;s own store</source>
        <translation>Porthole-eigener Speicher</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>&amp;Data directory:</source>
        <translation>&amp;Datenverzeichnis:</translation>
    </message>
    <message>
        <source>&amp;Open at start:</source>
        <translation>&amp;Beim Start öffnen:</translation>
    </message>
    <message>
        <source>Both are used when Porthole starts without a connection on its command line, from its next start on.</source>
        <translation>Beides gilt ab dem nächsten Start, wenn Porthole ohne Verbindung auf der Kommandozeile gestartet wird.</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>&amp;Refresh every:</source>
        <translation>Aktualisie&amp;rung alle:</translation>
    </message>
    <message>
        <source>Heartbeat &amp;stale after:</source>
        <translation>Heartbeat &amp;veraltet nach:</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>&amp;Group at most:</source>
        <translation>Max. &amp;Gruppengröße:</translation>
    </message>
    <message>
        <source>&amp;Wait for a group at most:</source>
        <translation>Max. &amp;Wartezeit je Gruppe:</translation>
    </message>
    <message>
        <source>Each group is stored in one transaction and acknowledged after it; larger groups store faster, smaller ones show sooner. Used when the receiver starts next.</source>
        <translation>Jede Gruppe wird in einer Transaktion gespeichert und danach bestätigt; größere Gruppen speichern schneller, kleinere erscheinen früher. Gilt ab dem nächsten Start des Empfängers.</translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation>Wie der Desktop</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>D&amp;esign:</translation>
    </message>
    <message>
        <source>Table &amp;font size:</source>
        <translation>Tabellen-&amp;Schriftgröße:</translation>
    </message>
    <message>
        <source>%1 (no longer there)</source>
        <translation>%1 (nicht mehr vorhanden)</translation>
    </message>
    <message>
        <source>Porthole&apos;s Data Directory</source>
        <translation>Datenverzeichnis von Porthole</translation>
    </message>
    <message>
        <source>Op&amp;erator name:</source>
        <translation>Bedie&amp;nername:</translation>
    </message>
    <message>
        <source>Recorded in the audit log with everything you change, beside the account Porthole runs as.</source>
        <translation>Wird im Audit-Log mit allem verzeichnet, was Sie ändern, neben dem Konto, unter dem Porthole läuft.</translation>
    </message>
    <message>
        <source>Journey</source>
        <translation>Weg</translation>
    </message>
    <message>
        <source>Keys its &amp;hops share:</source>
        <translation>Schlüssel, die seine Schritte &amp;teilen:</translation>
    </message>
    <message>
        <source>Keys that name its ca&amp;use:</source>
        <translation>Schlüssel, die seine Ursa&amp;che nennen:</translation>
    </message>
    <message>
        <source>Keys of a port message&apos;s metadata, comma-separated: what ties a message&apos;s hops together in the Journey pane and `porthole trace`. Used when data is opened next.</source>
        <translation>Schlüssel der Metadaten einer Port-Nachricht, durch Kommas getrennt: was die Schritte einer Nachricht im Bereich „Weg“ und in `porthole trace` verbindet. Gilt, wenn Daten das nächste Mal geöffnet werden.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Sample bac&amp;klogs every:</source>
        <translation>Rückstände &amp;messen alle:</translation>
    </message>
</context>
<context>
    <name>porthole::SettingsFile</name>
    <message>
        <source>The settings file %1 is damaged, and could not be set aside. Porthole reads what it can of it.</source>
        <translation>Die Einstellungsdatei %1 ist beschädigt und konnte nicht beiseitegelegt werden. Porthole liest, was davon lesbar ist.</translation>
    </message>
    <message>
        <source>The settings file %1 cannot be read, and could not be set aside. Porthole reads what it can of it.</source>
        <translation>Die Einstellungsdatei %1 ist nicht lesbar und konnte nicht beiseitegelegt werden. Porthole liest, was davon lesbar ist.</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged. It was set aside as %2, and Porthole starts with its default settings: profiles, recent connections and the window&apos;s layout are as on a first start.</source>
        <translation>Die Einstellungsdatei %1 ist beschädigt. Sie wurde als %2 beiseitegelegt, und Porthole startet mit den Standardeinstellungen: Profile, letzte Verbindungen und das Fensterlayout sind wie beim ersten Start.</translation>
    </message>
    <message>
        <source>The settings file %1 cannot be read. It was set aside as %2, and Porthole starts with its default settings: profiles, recent connections and the window&apos;s layout are as on a first start.</source>
        <translation>Die Einstellungsdatei %1 ist nicht lesbar. Sie wurde als %2 beiseitegelegt, und Porthole startet mit den Standardeinstellungen: Profile, letzte Verbindungen und das Fensterlayout sind wie beim ersten Start.</translation>
    </message>
</context>
<context>
    <name>porthole::SinkStorageModel</name>
    <message>
        <source>When the sink stored the row, in local time (UTC in each cell&apos;s tooltip)</source>
        <translation>Wann der Sink die Zeile gespeichert hat, in Ortszeit (UTC im Tooltip jeder Zelle)</translation>
    </message>
    <message>
        <source>The row&apos;s data_type, as the sink named it</source>
        <translation>Der data_type der Zeile, wie der Sink ihn benannt hat</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>Sink</translation>
    </message>
    <message>
        <source>Data type</source>
        <extracomment>A column: the data_type of a row a sink stored</extracomment>
        <translation>Datentyp</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>UTC: %1</source>
        <translation>UTC: %1</translation>
    </message>
    <message>
        <source>Id %1</source>
        <translation>ID %1</translation>
    </message>
</context>
<context>
    <name>porthole::SinkStoragePane</name>
    <message>
        <source>Sink storage</source>
        <translation>Sink-Speicher</translation>
    </message>
    <message>
        <source>all sinks</source>
        <translation>alle Sinks</translation>
    </message>
    <message>
        <source>Only rows of the sink of this name</source>
        <translation>Nur Zeilen des Sinks dieses Namens</translation>
    </message>
    <message>
        <source>any data type</source>
        <translation>jeder Datentyp</translation>
    </message>
    <message>
        <source>Only rows of this data_type</source>
        <translation>Nur Zeilen dieses data_type</translation>
    </message>
    <message>
        <source>$.key = value</source>
        <translation>$.schlüssel = wert</translation>
    </message>
    <message>
        <source>Only rows whose data holds this value at this JSON path, such as $.order_id = 42, $.customer.&quot;first name&quot; = &quot;Ann&quot; or $.items[0].price &gt;= 9.5 (= != &lt; &lt;= &gt; &gt;=)</source>
        <translation>Nur Zeilen, deren Daten diesen Wert an diesem JSON-Pfad enthalten, etwa $.order_id = 42, $.customer.&quot;first name&quot; = &quot;Ann&quot; oder $.items[0].price &gt;= 9.5 (= != &lt; &lt;= &gt; &gt;=)</translation>
    </message>
    <message>
        <source>&amp;Sink:</source>
        <translation>&amp;Sink:</translation>
    </message>
    <message>
        <source>Data &amp;type:</source>
        <translation>Daten&amp;typ:</translation>
    </message>
    <message>
        <source>&amp;Where:</source>
        <translation>&amp;Wo:</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>Shows new rows as the sinks store them</source>
        <translation>Zeigt neue Zeilen, sobald die Sinks sie speichern</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads sink storage again (F5)</source>
        <translation>Liest den Sink-Speicher erneut (F5)</translation>
    </message>
    <message>
        <source>Writes every row the filter matches to a CSV, JSON or JSON Lines file (Ctrl+E)</source>
        <translation>Schreibt jede Zeile, auf die der Filter passt, in eine CSV-, JSON- oder JSON-Lines-Datei (Strg+E)</translation>
    </message>
    <message>
        <source>the sink storage rows shown (%1)</source>
        <translation>die angezeigten Zeilen des Sink-Speichers (%1)</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Nicht angewendet: %1</translation>
    </message>
    <message>
        <source>Reading sink storage…</source>
        <translation>Sink-Speicher wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read sink storage.
%1
Press F5 to try again.</source>
        <translation>Der Sink-Speicher kann nicht gelesen werden.
%1
F5 drücken, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>No stored row matches the filter.</source>
        <translation>Keine gespeicherte Zeile passt auf den Filter.</translation>
    </message>
    <message>
        <source>No sink has stored a row yet.</source>
        <translation>Noch kein Sink hat eine Zeile gespeichert.</translation>
    </message>
    <message>
        <source>Select a row to see its data and metadata here.</source>
        <translation>Eine Zeile auswählen, um hier ihre Daten und Metadaten zu sehen.</translation>
    </message>
    <message>
        <source>Reading the row…</source>
        <translation>Die Zeile wird gelesen…</translation>
    </message>
    <message>
        <source>stored %1</source>
        <translation>gespeichert %1</translation>
    </message>
    <message>
        <source>id %1</source>
        <translation>ID %1</translation>
    </message>
    <message>
        <source>any row</source>
        <translation>jede Zeile</translation>
    </message>
    <message>
        <source>Only the row of this id</source>
        <translation>Nur die Zeile mit dieser ID</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;ID:</translation>
    </message>
</context>
<context>
    <name>porthole::SortedSetModel</name>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
</context>
<context>
    <name>porthole::SourceStatusModel</name>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Batch files</source>
        <translation>Batch-Dateien</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Not created yet</source>
        <translation>Noch nicht erstellt</translation>
    </message>
    <message>
        <source>Error</source>
        <extracomment>The state of a data source: it cannot be read</extracomment>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Source</source>
        <extracomment>A column: the kind of data source (database, batch files, Redis)</extracomment>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>A column: whether a data source can be read</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message numerus="yes">
        <source>%1, schema version %2 of %3, %Ln tables</source>
        <translation>
            <numerusform>%1, Schemaversion %2 von %3, %Ln Tabelle</numerusform>
            <numerusform>%1, Schemaversion %2 von %3, %Ln Tabellen</numerusform>
        </translation>
    </message>
    <message>
        <source>No batch files yet.</source>
        <translation>Noch keine Batch-Dateien.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch files, %1</source>
        <translation>
            <numerusform>%Ln Batch-Datei, %1</numerusform>
            <numerusform>%Ln Batch-Dateien, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln keys</source>
        <translation>
            <numerusform>%1, %Ln Schlüssel</numerusform>
            <numerusform>%1, %Ln Schlüssel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln consumer group</source>
        <translation>
            <numerusform>, %Ln Consumer-Gruppe</numerusform>
            <numerusform>, %Ln Consumer-Gruppen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln consumer groups</source>
        <translation>
            <numerusform>, %Ln Consumer-Gruppe</numerusform>
            <numerusform>, %Ln Consumer-Gruppen</numerusform>
        </translation>
    </message>
    <message>
        <source>; the consumer groups cannot be read: %1</source>
        <translation>; die Consumer-Gruppen können nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1, schema version %2 of %3, %Ln table</source>
        <extracomment>A database: its product and size, its schema version against the newest Porthole knows, and its tables (&quot;SQLite 3.40.1, 22.3 MB, schema version 17 of 17, 19 tables&quot;)</extracomment>
        <translation>
            <numerusform>%1, Schemaversion %2 von %3, %Ln Tabelle</numerusform>
            <numerusform>%1, Schemaversion %2 von %3, %Ln Tabellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch file, %1</source>
        <extracomment>A batch-file folder: how many files it holds, and their size</extracomment>
        <translation>
            <numerusform>%Ln Batch-Datei, %1</numerusform>
            <numerusform>%Ln Batch-Dateien, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %Ln key</source>
        <extracomment>A Redis server: its version and the keys it holds (&quot;Redis 7.0.15, 12 keys&quot;)</extracomment>
        <translation>
            <numerusform>%1, %Ln Schlüssel</numerusform>
            <numerusform>%1, %Ln Schlüssel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::Sparkline</name>
    <message numerus="yes">
        <source>Rate over the last %n seconds</source>
        <translation>
            <numerusform>Rate in der letzten %n Sekunde</numerusform>
            <numerusform>Rate in den letzten %n Sekunden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::SqlCells</name>
    <message>
        <source>(%1 bytes)</source>
        <translation>(%1 Bytes)</translation>
    </message>
</context>
<context>
    <name>porthole::SqlConsole</name>
    <message>
        <source>SELECT * FROM port_messages WHERE status = &apos;failed&apos;

One statement; it only reads: a statement that would change the database is refused. Ctrl+Enter runs it.</source>
        <translation>SELECT * FROM port_messages WHERE status = &apos;failed&apos;

Eine Anweisung; sie liest nur: eine Anweisung, die die Datenbank ändern würde, wird abgelehnt. Strg+Eingabe führt sie aus.</translation>
    </message>
    <message>
        <source>R&amp;un</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Runs the statement, read-only (Ctrl+Enter)</source>
        <translation>Führt die Anweisung schreibgeschützt aus (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>Stops the statement under way</source>
        <translation>Hält die laufende Anweisung an</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren …</translation>
    </message>
    <message>
        <source>Writes every row of the result to a CSV, JSON or JSON Lines file</source>
        <translation>Schreibt jede Zeile des Ergebnisses in eine CSV-, JSON- oder JSON-Lines-Datei</translation>
    </message>
    <message>
        <source>Statements run before: pick one to put it in the editor</source>
        <translation>Früher ausgeführte Anweisungen: eine wählen, um sie in den Editor zu übernehmen</translation>
    </message>
    <message>
        <source>Type a statement to run, then press Ctrl+Enter.</source>
        <translation>Geben Sie eine Anweisung ein und drücken Sie dann Strg+Eingabe.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row so far, more as you scroll</source>
        <translation>
            <numerusform>%Ln Zeile bisher, mehr beim Blättern</numerusform>
            <numerusform>%Ln Zeilen bisher, mehr beim Blättern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows so far, more as you scroll</source>
        <translation>
            <numerusform>%Ln Zeile bisher, mehr beim Blättern</numerusform>
            <numerusform>%Ln Zeilen bisher, mehr beim Blättern</numerusform>
        </translation>
    </message>
    <message>
        <source>Type a statement above and press Ctrl+Enter to run it.
The console only reads: a statement that would change the database is refused.</source>
        <translation>Geben Sie oben eine Anweisung ein und drücken Sie Strg+Eingabe, um sie auszuführen.
Die Konsole liest nur: eine Anweisung, die die Datenbank ändern würde, wird abgelehnt.</translation>
    </message>
    <message>
        <source>Running… Cancel stops it.</source>
        <translation>Läuft … Abbrechen hält sie an.</translation>
    </message>
    <message>
        <source>Running the statement… Cancel stops it.</source>
        <translation>Die Anweisung läuft … Abbrechen hält sie an.</translation>
    </message>
    <message>
        <source>Cancelled. Press Ctrl+Enter to run it again.</source>
        <translation>Abgebrochen. Strg+Eingabe führt sie erneut aus.</translation>
    </message>
    <message>
        <source>The statement failed.</source>
        <translation>Die Anweisung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>%1

Correct the statement and run it again.</source>
        <translation>%1

Korrigieren Sie die Anweisung und führen Sie sie erneut aus.</translation>
    </message>
    <message>
        <source>The statement ran and returned nothing.</source>
        <translation>Die Anweisung lief und gab nichts zurück.</translation>
    </message>
    <message>
        <source>The statement returned no rows (columns: %1).</source>
        <translation>Die Anweisung gab keine Zeilen zurück (Spalten: %1).</translation>
    </message>
</context>
<context>
    <name>porthole::StreamActionDialog</name>
    <message>
        <source>This changes %1 items: type %1 to go on:</source>
        <translation>Dies ändert %1 Elemente: geben Sie %1 ein, um fortzufahren:</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Claim pending entries</source>
        <translation>Ausstehende Einträge übernehmen</translation>
    </message>
    <message>
        <source>Claim idle entries</source>
        <translation>Leerlaufende Einträge übernehmen</translation>
    </message>
    <message>
        <source>Acknowledge pending entries</source>
        <translation>Ausstehende Einträge bestätigen</translation>
    </message>
    <message>
        <source>Delete entries</source>
        <translation>Einträge löschen</translation>
    </message>
    <message>
        <source>Trim the stream</source>
        <translation>Den Stream kürzen</translation>
    </message>
    <message>
        <source>Move entries to the dead letters</source>
        <translation>Einträge zu den Dead Letters verschieben</translation>
    </message>
    <message>
        <source>Create a consumer group</source>
        <translation>Eine Consumer-Gruppe anlegen</translation>
    </message>
    <message>
        <source>Reset a consumer group</source>
        <translation>Eine Consumer-Gruppe zurücksetzen</translation>
    </message>
    <message>
        <source>Delete a consumer group</source>
        <translation>Eine Consumer-Gruppe löschen</translation>
    </message>
    <message>
        <source>Delete a consumer</source>
        <translation>Einen Consumer löschen</translation>
    </message>
    <message>
        <source>Requeue a processing list</source>
        <translation>Eine Bearbeitungsliste wieder einreihen</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>changes</source>
        <translation>wird geändert</translation>
    </message>
    <message>
        <source>left alone: %1</source>
        <translation>bleibt unverändert: %1</translation>
    </message>
    <message>
        <source>… more match: only the %1 above are acted on</source>
        <translation>… weitere passen: nur die %1 oben werden bearbeitet</translation>
    </message>
</context>
<context>
    <name>porthole::StreamEntryModel</name>
    <message>
        <source>(deleted)</source>
        <translation>(gelöscht)</translation>
    </message>
    <message>
        <source>Entry id</source>
        <translation>Eintrags-ID</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
</context>
<context>
    <name>porthole::StringRangeModel</name>
    <message>
        <source>bytes %1 to %2</source>
        <translation>Bytes %1 bis %2</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
</context>
<context>
    <name>porthole::TableExport</name>
    <message>
        <source>The export to %1 was cancelled; nothing was written.</source>
        <translation>Der Export nach %1 wurde abgebrochen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
    <message numerus="yes">
        <source>Reading %1 for the export failed after %n rows: %2</source>
        <translation>
            <numerusform>Lesen von %1 für den Export ist nach %n Zeile fehlgeschlagen: %2</numerusform>
            <numerusform>Lesen von %1 für den Export ist nach %n Zeilen fehlgeschlagen: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>1 damaged line left out: %1. The Batch files pane flags them.</source>
        <extracomment>%1: where, as &quot;messages_batch_0007.txt:3 (why)&quot;</extracomment>
        <translation>1 beschädigte Zeile ausgelassen: %1. Der Bereich „Batch-Dateien“ markiert sie.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln damaged lines left out, the first at %1. The Batch files pane flags them.</source>
        <translation>
            <numerusform>%Ln beschädigte Zeile ausgelassen, bei %1. Der Bereich „Batch-Dateien“ markiert sie.</numerusform>
            <numerusform>%Ln beschädigte Zeilen ausgelassen, die erste bei %1. Der Bereich „Batch-Dateien“ markiert sie.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not JSON (written as text)</source>
        <extracomment>%1: a column&apos;s name, as &quot;message_data&quot;</extracomment>
        <translation>%1 ist kein JSON (als Text geschrieben)</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 (written as base64)</source>
        <extracomment>%1: a column&apos;s name, as &quot;message_data&quot;</extracomment>
        <translation>%1 ist kein UTF-8 (als Base64 geschrieben)</translation>
    </message>
    <message>
        <source>row %1</source>
        <extracomment>%1: the row&apos;s place in the file, from 1</extracomment>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>1 row holds a value that could not be read as JSON; it is written as text or {&quot;base64&quot;: ...}: %1.</source>
        <extracomment>%1: the row, as &quot;port_messages id 7: message_data is not JSON (written as text)&quot;</extracomment>
        <translation>1 Zeile enthält einen Wert, der sich nicht als JSON lesen ließ; er ist als Text oder {&quot;base64&quot;: ...} geschrieben: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows hold values that could not be read as JSON; they are written as text or {&quot;base64&quot;: ...}, the first: %1.</source>
        <extracomment>%1: the first row, as &quot;port_messages id 7: message_data is not JSON (written as text)&quot;</extracomment>
        <translation>
            <numerusform>%Ln Zeile enthält einen Wert, der sich nicht als JSON lesen ließ; er ist als Text oder {&quot;base64&quot;: ...} geschrieben: %1.</numerusform>
            <numerusform>%Ln Zeilen enthalten Werte, die sich nicht als JSON lesen ließen; sie sind als Text oder {&quot;base64&quot;: ...} geschrieben, die erste: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>porthole::TablesPane</name>
    <message>
        <source>Tables</source>
        <translation>Tabellen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reads the catalog and the chosen table again (F5)</source>
        <translation>Liest den Katalog und die gewählte Tabelle neu (F5)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <source>Choose a table or view on the left.</source>
        <translation>Wählen Sie links eine Tabelle oder Sicht.</translation>
    </message>
    <message>
        <source>every row of %1 (%2)</source>
        <translation>jede Zeile von %1 (%2)</translation>
    </message>
    <message>
        <source>View %1</source>
        <translation>Sicht %1</translation>
    </message>
    <message>
        <source>Table %1</source>
        <translation>Tabelle %1</translation>
    </message>
    <message>
        <source>Paged by its primary key (%1).</source>
        <translation>Seitenweise nach ihrem Primärschlüssel (%1).</translation>
    </message>
    <message>
        <source>It has no primary key: paged by the row&apos;s address (%1), in the order the rows lie in the table.</source>
        <translation>Sie hat keinen Primärschlüssel: seitenweise nach der Adresse der Zeile (%1), in der Reihenfolge, in der die Zeilen in der Tabelle liegen.</translation>
    </message>
    <message>
        <source>A view has no key: paged by position, in the order the database gives. Rows that change while you scroll may move, appear twice or be missed; Refresh reads it again.</source>
        <translation>Eine Sicht hat keinen Schlüssel: seitenweise nach Position, in der Reihenfolge der Datenbank. Zeilen, die sich beim Blättern ändern, können sich verschieben, doppelt erscheinen oder fehlen; Aktualisieren liest sie neu.</translation>
    </message>
    <message>
        <source>It has no key Porthole can page by: paged by position. Rows that change while you scroll may move; Refresh reads it again.</source>
        <translation>Sie hat keinen Schlüssel, nach dem Porthole blättern kann: seitenweise nach Position. Zeilen, die sich beim Blättern ändern, können sich verschieben; Aktualisieren liest sie neu.</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>primary key</source>
        <translation>Primärschlüssel</translation>
    </message>
    <message>
        <source>not null</source>
        <translation>nicht NULL</translation>
    </message>
    <message>
        <source>Indexes</source>
        <translation>Indizes</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source> (unique)</source>
        <translation> (eindeutig)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen …</translation>
    </message>
    <message>
        <source>Writes every row of the chosen table, as filtered and sorted, to a CSV, JSON or JSON Lines file (Ctrl+E)</source>
        <translation>Schreibt jede Zeile der gewählten Tabelle, gefiltert und sortiert wie gezeigt, in eine CSV-, JSON- oder JSON-Lines-Datei (Strg+E)</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>SQL console</source>
        <translation>SQL-Konsole</translation>
    </message>
    <message>
        <source>Asks the database a question of your own, read-only</source>
        <translation>Stellt der Datenbank eine eigene Frage, schreibgeschützt</translation>
    </message>
    <message>
        <source>The chosen table&apos;s columns and indexes show here.</source>
        <translation>Die Spalten und Indizes der gewählten Tabelle erscheinen hier.</translation>
    </message>
    <message>
        <source>The column the filter applies to</source>
        <translation>Die Spalte, für die der Filter gilt</translation>
    </message>
    <message>
        <source>Filter: text it contains, =value, &gt;value, is null…</source>
        <translation>Filter: enthaltener Text, =Wert, &gt;Wert, is null …</translation>
    </message>
    <message>
        <source>Enter applies the filter to the chosen column; each column keeps its own.
text: contains it, in any case
=v, !=v, &lt;v, &lt;=v, &gt;v, &gt;=v: compares with v (an index on the column serves it)
is null, is not null</source>
        <translation>Eingabe wendet den Filter auf die gewählte Spalte an; jede Spalte behält ihren eigenen.
Text: enthält ihn, in beliebiger Schreibung
=v, !=v, &lt;v, &lt;=v, &gt;v, &gt;=v: vergleicht mit v (ein Index auf der Spalte bedient das)
is null, is not null</translation>
    </message>
    <message>
        <source>C&amp;lear Filters</source>
        <translation>Filter &amp;leeren</translation>
    </message>
    <message>
        <source>every row the SQL console&apos;s statement returns</source>
        <translation>jede Zeile, die die Anweisung der SQL-Konsole zurückgibt</translation>
    </message>
    <message>
        <source>the rows of %1 that match the filters (%2)</source>
        <translation>die Zeilen von %1, die zu den Filtern passen (%2)</translation>
    </message>
    <message>
        <source>sorts</source>
        <extracomment>The rows can be sorted by this column: an index keeps it in order</extracomment>
        <translation>sortiert</translation>
    </message>
    <message>
        <source>Filtered by %1</source>
        <translation>Gefiltert nach %1</translation>
    </message>
    <message>
        <source>SQL console: one statement at a time, read-only</source>
        <translation>SQL-Konsole: eine Anweisung nach der anderen, schreibgeschützt</translation>
    </message>
    <message>
        <source>Reading the rows…</source>
        <translation>Lese die Zeilen …</translation>
    </message>
    <message>
        <source>The rows cannot be read:
%1
Press F5 to try again.</source>
        <translation>Die Zeilen können nicht gelesen werden:
%1
Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>No row matches the filters. Change one, or press Clear Filters.</source>
        <translation>Keine Zeile passt zu den Filtern. Ändern Sie einen oder drücken Sie „Filter leeren“.</translation>
    </message>
    <message>
        <source>The table has no rows.</source>
        <translation>Die Tabelle hat keine Zeilen.</translation>
    </message>
    <message>
        <source>Reading the catalog…</source>
        <translation>Lese den Katalog …</translation>
    </message>
    <message>
        <source>Cannot read the catalog</source>
        <translation>Der Katalog kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>The catalog cannot be read:
%1
Press F5 to try again.</source>
        <translation>Der Katalog kann nicht gelesen werden:
%1
Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>The database has no tables or views. The SQL console still asks it questions.</source>
        <translation>Die Datenbank hat keine Tabellen oder Sichten. Die SQL-Konsole kann ihr trotzdem Fragen stellen.</translation>
    </message>
    <message>
        <source>Choose a table or view on the left to see its rows.</source>
        <translation>Wählen Sie links eine Tabelle oder Sicht, um ihre Zeilen zu sehen.</translation>
    </message>
    <message>
        <source>A TimescaleDB hypertable without a primary key (a compressed chunk&apos;s rows have no address): paged by position, in the order of %1, then of every other column. Rows that change while you scroll may move; Refresh reads it again.</source>
        <translation>Eine TimescaleDB-Hypertabelle ohne Primärschlüssel (die Zeilen eines komprimierten Chunks haben keine Adresse): nach Position geblättert, in der Reihenfolge von %1, dann jeder weiteren Spalte. Zeilen, die sich beim Blättern ändern, können sich verschieben; Aktualisieren liest sie neu.</translation>
    </message>
    <message>
        <source>Paged by the row&apos;s address (%1), in the order the rows were written, which every index serves; its primary key (%2) sorts from its header.</source>
        <translation>Seitenweise nach der Adresse der Zeile (%1), in der Reihenfolge, in der die Zeilen geschrieben wurden, die jeder Index bedient; ihr Primärschlüssel (%2) sortiert über seine Spaltenüberschrift.</translation>
    </message>
    <message>
        <source>Sorts only by a column an index keeps in order: %1.</source>
        <translation>Sortiert nur nach einer Spalte, die ein Index in Ordnung hält: %1.</translation>
    </message>
</context>
<context>
    <name>porthole::TimeChart</name>
    <message>
        <source>no value</source>
        <translation>kein Wert</translation>
    </message>
    <message>
        <source>%1 +%2</source>
        <extracomment>A chart&apos;s label for several marks close together: the first one&apos;s text and how many more</extracomment>
        <translation>%1 +%2</translation>
    </message>
</context>
<context>
    <name>porthole::Timeline</name>
    <message>
        <source>“%1” firing</source>
        <translation>„%1“ ausgelöst</translation>
    </message>
    <message>
        <source>“%1” resolved</source>
        <translation>„%1“ behoben</translation>
    </message>
    <message>
        <source>“%1” firing on %2</source>
        <translation>„%1“ ausgelöst für %2</translation>
    </message>
    <message>
        <source>“%1” resolved on %2</source>
        <translation>„%1“ behoben für %2</translation>
    </message>
    <message>
        <source>(value %1)</source>
        <translation>(Wert %1)</translation>
    </message>
    <message>
        <source>%1 by %2: group %3 of %4</source>
        <translation>%1 durch %2: Gruppe %3 von %4</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 durch %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 by %2: %Ln row of %3</source>
        <translation>
            <numerusform>%1 durch %2: %Ln Zeile von %3</numerusform>
            <numerusform>%1 durch %2: %Ln Zeilen von %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 by %2: %Ln rows of %3</source>
        <translation>
            <numerusform>%1 durch %2: %Ln Zeile von %3</numerusform>
            <numerusform>%1 durch %2: %Ln Zeilen von %3</numerusform>
        </translation>
    </message>
    <message>
        <source> (beats every %1)</source>
        <translation> (schlägt alle %1)</translation>
    </message>
    <message>
        <source>%1 stopped beating for %2</source>
        <translation>%1 schlug %2 lang nicht</translation>
    </message>
    <message>
        <source>%1 stopped beating: silent for %2 so far</source>
        <translation>%1 schlägt nicht mehr: still seit %2</translation>
    </message>
    <message>
        <source>%1 restarted: started at %2</source>
        <translation>%1 neu gestartet: gestartet um %2</translation>
    </message>
    <message>
        <source>%1 restarted: uptime %2 → %3</source>
        <translation>%1 neu gestartet: Laufzeit %2 → %3</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Operator action</source>
        <translation>Bedieneraktion</translation>
    </message>
    <message>
        <source>Consumer group</source>
        <translation>Consumer-Gruppe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Heartbeats stopped</source>
        <translation>Heartbeats ausgeblieben</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>New error</source>
        <translation>Neuer Fehler</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>Checkpoint %1 of %2 saved as version %3</source>
        <translation>Checkpoint %1 von %2 als Version %3 gespeichert</translation>
    </message>
    <message>
        <source>State of %1 (%2) saved as version %3</source>
        <translation>Zustand von %1 (%2) als Version %3 gespeichert</translation>
    </message>
    <message>
        <source>New error on %1 to %2: %3</source>
        <translation>Neuer Fehler auf %1 zu %2: %3</translation>
    </message>
    <message>
        <source>%1: %2 → %3 (%4)</source>
        <extracomment>A component&apos;s status changed, and why: &quot;receiver:orders: healthy → unhealthy (Redis refused XREADGROUP: ...)&quot;</extracomment>
        <translation>%1: %2 → %3 (%4)</translation>
    </message>
    <message>
        <source>Consumer group %1 of %2 appeared (created, or first sampled)</source>
        <translation>Consumer-Gruppe %1 von %2 ist aufgetaucht (angelegt oder zum ersten Mal erfasst)</translation>
    </message>
    <message>
        <source>Consumer group %1 of %2 is gone (deleted, or its stream was)</source>
        <translation>Consumer-Gruppe %1 von %2 ist fort (gelöscht, oder ihr Stream)</translation>
    </message>
    <message>
        <source>Consumer group %1 of %2 moved back: last delivered %3 → %4 (reset)</source>
        <extracomment>A group&apos;s last-delivered entry id went back: &quot;... moved back: last delivered 1700000000000-0 → 0-0 (reset)&quot;</extracomment>
        <translation>Consumer-Gruppe %1 von %2 zurückgesetzt: zuletzt ausgeliefert %3 → %4</translation>
    </message>
    <message>
        <source>Consumer group %1 of %2 moved back: lag %3 → %4 (reset)</source>
        <extracomment>A group&apos;s lag grew by more than its stream&apos;s new entries: its position was moved back.</extracomment>
        <translation>Consumer-Gruppe %1 von %2 zurückgesetzt: Rückstand %3 → %4</translation>
    </message>
</context>
<context>
    <name>porthole::TimelineBand</name>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>Click to open the Timeline at this moment</source>
        <translation>Klicken öffnet den Zeitverlauf zu diesem Zeitpunkt</translation>
    </message>
</context>
<context>
    <name>porthole::TimelineModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Concerns</source>
        <extracomment>What a change concerns: its component, its port, or both</extracomment>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Was sich änderte</translation>
    </message>
</context>
<context>
    <name>porthole::TimelinePane</name>
    <message numerus="yes">
        <source>Last %Ln minutes</source>
        <translation>
            <numerusform>Letzte %Ln Minute</numerusform>
            <numerusform>Letzte %Ln Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message numerus="yes">
        <source>Last %Ln hours</source>
        <translation>
            <numerusform>Letzte %Ln Stunde</numerusform>
            <numerusform>Letzte %Ln Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %Ln days</source>
        <translation>
            <numerusform>Letzter %Ln Tag</numerusform>
            <numerusform>Letzte %Ln Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>&amp;Kinds</source>
        <translation>&amp;Arten</translation>
    </message>
    <message>
        <source>Any severity</source>
        <translation>Jede Schwere</translation>
    </message>
    <message>
        <source>Warnings and worse</source>
        <translation>Warnungen und schlimmer</translation>
    </message>
    <message>
        <source>Critical only</source>
        <translation>Nur kritische</translation>
    </message>
    <message>
        <source>Show in &amp;Metrics</source>
        <translation>In &amp;Metriken zeigen</translation>
    </message>
    <message>
        <source>Shows the charts of the hour around the selected change</source>
        <translation>Zeigt die Diagramme der Stunde um die gewählte Änderung</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Reads the range again, up to now (F5)</source>
        <translation>Liest den Zeitraum erneut, bis jetzt (F5)</translation>
    </message>
    <message>
        <source>Around %1</source>
        <translation>Um %1</translation>
    </message>
    <message>
        <source>The timeline could not be read: %1 Press F5 to try again.</source>
        <translation>Der Zeitverlauf konnte nicht gelesen werden: %1 F5 versucht es erneut.</translation>
    </message>
    <message>
        <source>Reading what changed…</source>
        <translation>Lese, was sich änderte…</translation>
    </message>
    <message>
        <source>Nothing changed from %1 to %2 that the filters let through. Widen the range or clear the filters.</source>
        <translation>Von %1 bis %2 änderte sich nichts, was die Filter durchlassen. Den Zeitraum erweitern oder die Filter leeren.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln change from %1 to %2, newest first.</source>
        <translation>
            <numerusform>%Ln Änderung von %1 bis %2, neueste zuerst.</numerusform>
            <numerusform>%Ln Änderungen von %1 bis %2, neueste zuerst.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changes from %1 to %2, newest first.</source>
        <translation>
            <numerusform>%Ln Änderung von %1 bis %2, neueste zuerst.</numerusform>
            <numerusform>%Ln Änderungen von %1 bis %2, neueste zuerst.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changes from %1 back to %2 so far, newest first; more are read as you scroll.</source>
        <translation>
            <numerusform>%Ln Änderung von %1 zurück bis %2 bisher, neueste zuerst; beim Blättern wird weiter gelesen.</numerusform>
            <numerusform>%Ln Änderungen von %1 zurück bis %2 bisher, neueste zuerst; beim Blättern wird weiter gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Kinds (%1 of %2)</source>
        <translation>&amp;Arten (%1 von %2)</translation>
    </message>
    <message>
        <source>From %1: %2</source>
        <extracomment>The range box&apos;s custom range, shared by another pane: &quot;From Metrics: Last 30 days&quot;</extracomment>
        <translation>Aus %1: %2</translation>
    </message>
    <message>
        <source>From %1: %2 – %3</source>
        <extracomment>The range box&apos;s custom range, shared by another pane: &quot;From Metrics: 5/3/24 1:00 PM – 2:00 PM&quot;</extracomment>
        <translation>Aus %1: %2 – %3</translation>
    </message>
</context>
<context>
    <name>porthole::TimescaleHealthModel</name>
    <message>
        <source>every %1</source>
        <translation>alle %1</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>nicht geplant</translation>
    </message>
    <message>
        <source>1 chunk (%1 compressed)</source>
        <extracomment>%1 chunks, %2 of them compressed</extracomment>
        <translation>1 Chunk (%1 komprimiert)</translation>
    </message>
    <message>
        <source>%1 chunks (%2 compressed)</source>
        <translation>%1 Chunks (%2 komprimiert)</translation>
    </message>
    <message>
        <source>%1 not available in this TimescaleDB</source>
        <extracomment>%1 what could not be read: &quot;hypertables&quot;, &quot;jobs&quot;</extracomment>
        <translation>%1 in diesem TimescaleDB nicht verfügbar</translation>
    </message>
    <message>
        <source>%1 could not be read</source>
        <translation>%1 konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>1 hypertable</source>
        <translation>1 Hypertable</translation>
    </message>
    <message>
        <source>%1 hypertables</source>
        <translation>%1 Hypertables</translation>
    </message>
    <message>
        <source>hypertables</source>
        <translation>Hypertables</translation>
    </message>
    <message>
        <source>1 continuous aggregate</source>
        <translation>1 Continuous Aggregate</translation>
    </message>
    <message>
        <source>%1 continuous aggregates</source>
        <translation>%1 Continuous Aggregates</translation>
    </message>
    <message>
        <source>materialized to %1</source>
        <translation>materialisiert bis %1</translation>
    </message>
    <message>
        <source>continuous aggregates</source>
        <translation>Continuous Aggregates</translation>
    </message>
    <message>
        <source>1 job, %1 failing</source>
        <extracomment>%1 jobs, %2 of them failing</extracomment>
        <translation>1 Job, %1 fehlschlagend</translation>
    </message>
    <message>
        <source>%1 jobs, %2 failing</source>
        <translation>%1 Jobs, %2 fehlschlagend</translation>
    </message>
    <message>
        <source>jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>TimescaleDB %1: %2</source>
        <extracomment>%1 the extension&apos;s version, %2 what it holds</extracomment>
        <translation>TimescaleDB %1: %2</translation>
    </message>
    <message>
        <source>Hypertable</source>
        <translation>Hypertable</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <extracomment>the time the chunks cover: from, to</extracomment>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>no chunk</source>
        <translation>kein Chunk</translation>
    </message>
    <message>
        <source>of %1, no refresh policy</source>
        <translation>von %1, keine Aktualisierungsrichtlinie</translation>
    </message>
    <message>
        <source>unbounded</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>of %1, refreshed by job %2 %3, from %4 to %5 back</source>
        <extracomment>%1 the hypertable, %2 the job, %3 &quot;every 1 h 0 min&quot;, %4 and %5 the offsets</extracomment>
        <translation>von %1, aktualisiert von Job %2 %3, von %4 bis %5 zurück</translation>
    </message>
    <message>
        <source>not materialized yet</source>
        <translation>noch nicht materialisiert</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Job %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>%1, %2 runs, %3 failed</source>
        <extracomment>&quot;every 1 h 0 min, 12 runs, 2 failed&quot;</extracomment>
        <translation>%1, %2 Läufe, %3 fehlgeschlagen</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>never run, next %1</source>
        <translation>nie gelaufen, nächster Lauf %1</translation>
    </message>
    <message>
        <source>never run</source>
        <translation>nie gelaufen</translation>
    </message>
    <message>
        <source>last run failed %1</source>
        <translation>letzter Lauf fehlgeschlagen %1</translation>
    </message>
    <message>
        <source>last run failed %1: %2</source>
        <translation>letzter Lauf fehlgeschlagen %1: %2</translation>
    </message>
    <message>
        <source>last run succeeded %1, next %2</source>
        <translation>letzter Lauf erfolgreich %1, nächster %2</translation>
    </message>
    <message>
        <source>last run succeeded %1</source>
        <translation>letzter Lauf erfolgreich %1</translation>
    </message>
    <message>
        <source>TimescaleDB</source>
        <translation>TimescaleDB</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>refresh %1</source>
        <translation>%1 aktualisieren</translation>
    </message>
    <message>
        <source>compress %1</source>
        <translation>%1 komprimieren</translation>
    </message>
    <message>
        <source>drop old chunks of %1</source>
        <translation>alte Chunks von %1 löschen</translation>
    </message>
    <message>
        <source>reorder %1</source>
        <translation>%1 umordnen</translation>
    </message>
    <message>
        <source>trim the jobs&apos; history</source>
        <translation>Verlauf der Jobs kürzen</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation>Aggregat</translation>
    </message>
</context>
<context>
    <name>porthole::VersionDetail</name>
    <message>
        <source>%1 · %2 added, %3 removed, %4 changed</source>
        <translation>%1 · %2 hinzugefügt, %3 entfernt, %4 geändert</translation>
    </message>
</context>
<context>
    <name>porthole::WelcomePage</name>
    <message>
        <source>Open a database</source>
        <translation>Datenbank öffnen</translation>
    </message>
    <message>
        <source>A SQLite file or a PostgreSQL server that the pipeline stores its messages, checkpoints, queues and metrics in.</source>
        <translation>Eine SQLite-Datei oder ein PostgreSQL-Server, in dem die Pipeline ihre Nachrichten, Checkpoints, Warteschlangen und Metriken speichert.</translation>
    </message>
    <message>
        <source>Open a batch-file folder</source>
        <translation>Batch-Datei-Ordner öffnen</translation>
    </message>
    <message>
        <source>The folder the Redis receiver writes messages_batch_0001.txt and its neighbours to.</source>
        <translation>Der Ordner, in den der Redis-Empfänger messages_batch_0001.txt und die folgenden Dateien schreibt.</translation>
    </message>
    <message>
        <source>Connect to Redis</source>
        <translation>Mit Redis verbinden</translation>
    </message>
    <message>
        <source>A Redis server to receive messages from, into Porthole&apos;s own store or yours.</source>
        <translation>Ein Redis-Server, von dem Nachrichten empfangen werden, in den Porthole-eigenen Speicher oder Ihren.</translation>
    </message>
    <message>
        <source>Start the demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <source>Fills a demo store with a week of generated pipeline data and, where redis-server is installed, receives live demo traffic from a private Redis server on this machine.</source>
        <translation>Füllt einen Demo-Speicher mit einer Woche generierter Pipeline-Daten und empfängt, wenn redis-server installiert ist, live Demo-Verkehr von einem privaten Redis-Server auf diesem Rechner.</translation>
    </message>
    <message>
        <source>Welcome to Porthole</source>
        <translation>Willkommen bei Porthole</translation>
    </message>
    <message>
        <source>Porthole shows what a message pipeline stores and receives, and repairs what failed. Choose what to look at first; File &gt; Open Connection (Ctrl+O) changes it later, and Help &gt; User Guide (F1) walks through every pane.</source>
        <translation>Porthole zeigt, was eine Nachrichten-Pipeline speichert und empfängt, und repariert, was fehlgeschlagen ist. Wählen Sie, was Sie zuerst ansehen möchten; Datei &gt; Verbindung öffnen (Ctrl+O) ändert das später, und Hilfe &gt; Benutzerhandbuch (F1) führt durch jeden Bereich.</translation>
    </message>
</context>
<context>
    <name>porthole::WindowController</name>
    <message>
        <source>Live updates stopped: %1 Until they are back, the panes read the database every few seconds.</source>
        <translation>Live-Aktualisierung gestoppt: %1 Bis sie zurück ist, lesen die Bereiche die Datenbank alle paar Sekunden.</translation>
    </message>
    <message>
        <source>Live updates on.</source>
        <translation>Live-Aktualisierung an.</translation>
    </message>
    <message>
        <source>The demo could not start</source>
        <translation>Die Demo konnte nicht starten</translation>
    </message>
    <message>
        <source>redis-server is not installed: the demo shows its stored data only. Install it (sudo apt-get install redis-server) for live traffic.</source>
        <translation>redis-server ist nicht installiert: Die Demo zeigt nur ihre gespeicherten Daten. Installieren Sie es (sudo apt-get install redis-server) für Live-Verkehr.</translation>
    </message>
    <message>
        <source>The receiver is writing into %1. Stop it to open %2?

What it has received is stored and acknowledged first.</source>
        <translation>Der Empfänger schreibt in %1. Ihn stoppen, um %2 zu öffnen?

Was er empfangen hat, wird zuerst gespeichert und bestätigt.</translation>
    </message>
    <message>
        <source>Stop the receiver?</source>
        <translation>Empfänger stoppen?</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1 (schreibgeschützt)</translation>
    </message>
    <message>
        <source>The database cannot be used</source>
        <translation>Die Datenbank kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>The settings were set aside</source>
        <translation>Die Einstellungen wurden beiseitegelegt</translation>
    </message>
    <message>
        <source>%1 has no saved view “%2”: it has none yet. Save one from the Views button of its filter bar.</source>
        <translation>%1 hat keine gespeicherte Ansicht „%2“, noch gar keine. Speichern Sie eine über „Ansichten“ in seiner Filterleiste.</translation>
    </message>
    <message>
        <source>%1 has no saved view “%2”. Its saved views: %3.</source>
        <translation>%1 hat keine gespeicherte Ansicht „%2“. Seine gespeicherten Ansichten: %3.</translation>
    </message>
    <message>
        <source>No such saved view</source>
        <translation>Keine solche gespeicherte Ansicht</translation>
    </message>
</context>
<context>
    <name>porthole::WorkerHealth</name>
    <message>
        <source>it reports the unknown state &quot;%1&quot;</source>
        <translation>er meldet den unbekannten Zustand „%1“</translation>
    </message>
    <message>
        <source>its answer has no &quot;state&quot;</source>
        <translation>seine Antwort enthält kein „state“</translation>
    </message>
    <message>
        <source>its answer has no &quot;stored&quot; count or no rate</source>
        <translation>seine Antwort enthält keinen „stored“-Zähler oder keine Rate</translation>
    </message>
</context>
</TS>
