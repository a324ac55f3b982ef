#!/usr/bin/env python3
"""The seed's export_to_json, unchanged, as its database document (seed 000, "Data
Export") gives it; below it a wrapper for the tests:

    seed_export_to_json.py FILE...

prints the messages of all the files, in the order given, as one JSON array laid out as
export_to_json lays out each file's (for one file, exactly its output).
"""
import json
import sys


# ---- from the seed, unchanged ----
def export_to_json(batch_file):
    messages = []
    with open(batch_file, 'r') as f:
        for line in f:
            # Parse: [timestamp] Message #N: content
            timestamp = line[1:20]
            msg_num = int(line.split('#')[1].split(':')[0])
            content = line.split(': ', 1)[1].strip()

            messages.append({
                'timestamp': timestamp,
                'message_number': msg_num,
                'content': content
            })

    return json.dumps(messages, indent=2)
# ---- end of the seed's code ----


def main(paths):
    messages = []
    for path in paths:
        messages.extend(json.loads(export_to_json(path)))
    sys.stdout.write(json.dumps(messages, indent=2) + '\n')


if __name__ == '__main__':
    main(sys.argv[1:])
