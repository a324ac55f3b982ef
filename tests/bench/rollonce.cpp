// Rolls a database's metric rollups up to a minute ago, as a window or a worker does every
// sampling interval (storage/sql/metricrollups.h), until nothing is left to roll: the
// pipeline's inserts that tests/bench/rollupcost.py measures then meet the late-row condition
// Porthole's roller leaves, as they do on a database Porthole watches.
//
//   bench_rollonce URL
//
// Prints the transactions committed; exits 1 with the error when the roll fails.

#include "connectionfactory.h"
#include "databaseurl.h"
#include "metricrollups.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace porthole;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 2) {
        err << "usage: bench_rollonce URL\n";
        return 2;
    }
    const auto url = DatabaseUrl::parse(arguments.at(1));
    if (!url) {
        err << "bench_rollonce: " << url.errorMessage() << '\n';
        return 2;
    }
    const ConnectionFactory connections(*url);
    auto db = connections.open(u"rollonce"_s);
    if (!db) {
        err << "bench_rollonce: " << db.errorMessage() << '\n';
        return 1;
    }
    int steps = 0;
    for (int call = 0; call < 1000; ++call) { // bounded: a lock never had ends it too
        const auto rolled = rollMetricRollups(*db, QDateTime::currentDateTimeUtc());
        if (!rolled) {
            err << "bench_rollonce: " << rolled.errorMessage() << '\n';
            return 1;
        }
        steps += rolled->steps;
        if (rolled->steps == 0 && rolled->waiting.isEmpty())
            break;
    }
    QTextStream(stdout) << "rolled in " << steps << " transactions\n";
    return 0;
}
