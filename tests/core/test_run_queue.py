"""The queue keeps room for users with no run: owners who already have one cannot fill its last quarter."""

from __future__ import annotations

import pytest
from distributed import Client, LocalCluster

from lstm_core.service import ledger


@pytest.fixture(scope="module")
def client():
    lc = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None,
                      silence_logs=50)
    c = Client(lc, set_as_default=False)
    yield c
    c.close()
    lc.close()


def test_the_last_quarter_of_the_queue_is_for_owners_without_a_run(client):
    client.publish_dataset(**{ledger.LEDGER: {}}, override=True)
    limit, per_owner = 8, 2
    assert ledger.reserved(limit) == 2 and ledger.reserved(1) == 0 and ledger.reserved(3) == 1
    for i in range(3):  # three owners, one run each: 3 queued
        assert ledger.add(client, f"a{i}", {"owner": f"user{i}"}, per_owner, limit) == ""
    for i in range(3):  # a second run each fills up to limit - reserved = 6
        assert ledger.add(client, f"b{i}", {"owner": f"user{i}"}, per_owner, limit) == ""
    assert ledger.add(client, "c", {"owner": "user9"}, per_owner, limit) == ""  # 7th: a new owner
    assert ledger.add(client, "d", {"owner": "user9"}, per_owner, limit) == "queue_full"  # has one now: reserved
    assert ledger.add(client, "e", {"owner": "newcomer"}, per_owner, limit) == ""  # 8th: a newcomer still gets in
    assert ledger.add(client, "f", {"owner": "another"}, per_owner, limit) == "queue_full"  # the queue is full
    assert ledger.add(client, "g", {"owner": "user0"}, per_owner, limit) == "per_user"  # two already
    client.publish_dataset(**{ledger.LEDGER: {}}, override=True)
