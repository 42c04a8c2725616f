"""Scan-and-act: a custodian scans a location label, then an item label, and the item moves there.

Calls the custody service ``store_at`` directly (no HTTP: the scan view is a thin wrapper
around it). Each client is a separate process with its own connection, like four scan stations
served by separate server workers (threads of one process would share one interpreter lock and
measure that instead); BENCH_CLIENT_MODE=threads runs them as threads for comparison.
Measures queries per scan for an item with a short and a long history, then latency p50/p99
and actions per second with 1 and with 4 concurrent clients.
"""

import os
import statistics
import threading
import time

from _common import database_label, figure
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from custody.models import CustodyEvent
from custody.services.storage import store_at
from warehouse.models import Item, Location

ACTIONS_PER_CLIENT = int(os.environ.get("BENCH_ACTIONS", "250"))
LONG_HISTORY = 200


def bins():
    return list(Location.objects.filter(parent__name="Z区 基准测试").order_by("name"))


def move(user, item_id, places):
    item = Item.objects.get(pk=item_id)
    target = places[1] if item.location_id == places[0].pk else places[0]
    store_at(actor=user, items=[item], location=target)


def queries_per_scan(places):
    user = User.objects.get(username="custodian")
    short, long = Item.objects.filter(location__in=places).order_by("-pk").values_list("pk", flat=True)[:2]
    move(user, short, places)  # warm the permission and scope caches, like a signed-in station
    for _ in range(LONG_HISTORY):
        move(user, long, places)
    counts = {}
    for name, pk in (("short", short), ("long", long)):
        item = Item.objects.get(pk=pk)
        target = places[1] if item.location_id == places[0].pk else places[0]
        with CaptureQueriesContext(connection) as captured:
            store_at(actor=user, items=[item], location=target)
        counts[name] = (len(captured), CustodyEvent.objects.filter(item_id=pk).count())
    return counts


def run_clients(clients, places, item_ids):
    if os.environ.get("BENCH_CLIENT_MODE", "processes") == "processes" and clients > 1:
        return run_client_processes(clients, places, item_ids)
    return run_client_threads(clients, places, item_ids)


def _client_process(args):
    index, clients, places, item_ids, start_at = args
    connection.close()  # never share the parent's connection across fork
    user = User.objects.get(username="custodian")
    mine = item_ids[index::clients]
    move(user, mine[0], places)  # warm-up, not timed
    time.sleep(max(0.0, start_at - time.time()))
    own = []
    try:
        for number in range(ACTIONS_PER_CLIENT):
            started = time.perf_counter()
            move(user, mine[1 + number % (len(mine) - 1)], places)
            own.append(time.perf_counter() - started)
        return own, time.time(), None
    except Exception as exc:  # noqa: BLE001 (reported as a figure)
        return own, time.time(), repr(exc)
    finally:
        connection.close()


def run_client_processes(clients, places, item_ids):
    import multiprocessing

    connection.close()
    start_at = time.time() + 3  # every process is connected and warm before the clock starts
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(_client_process, [(index, clients, places, item_ids, start_at) for index in range(clients)])
    latencies = [value for own, _end, _error in results for value in own]
    wall = max(end for _own, end, _error in results) - start_at
    return latencies, wall, [error for _own, _end, error in results if error]


def run_client_threads(clients, places, item_ids):
    latencies, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(index):
        user = User.objects.get(username="custodian")
        mine = item_ids[index::clients]
        own = []
        try:
            move(user, mine[0], places)  # warm-up, not timed
            barrier.wait()
            for number in range(ACTIONS_PER_CLIENT):
                started = time.perf_counter()
                move(user, mine[1 + number % (len(mine) - 1)], places)
                own.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 (reported as a figure)
            errors.append(repr(exc))
        finally:
            connection.close()
            with lock:
                latencies.extend(own)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return latencies, wall, errors


def main():
    mode = os.environ.get("BENCH_CLIENT_MODE", "processes")
    print(f"scan_and_act on {database_label()} (store_at called directly, one {mode[:-1]} per client)")
    places = bins()
    counts = queries_per_scan(places)
    for queries, history in counts.values():
        figure(f"queries per scan, item with {history:,} events", queries)
    item_ids = list(Item.objects.filter(location__in=places).order_by("pk").values_list("pk", flat=True)[:400])
    for clients in (1, 4):
        latencies, wall, errors = run_clients(clients, places, item_ids)
        latencies.sort()
        figure(f"{clients} client(s): actions", len(latencies))
        figure(f"{clients} client(s): latency p50", statistics.median(latencies) * 1000, "ms")
        figure(f"{clients} client(s): latency p99", latencies[int(len(latencies) * 0.99) - 1] * 1000, "ms")
        figure(f"{clients} client(s): throughput", len(latencies) / wall, "actions/s")
        figure(f"{clients} client(s): errors", len(errors))
        for error in errors[:3]:
            print(f"    {error}")


if __name__ == "__main__":
    main()
