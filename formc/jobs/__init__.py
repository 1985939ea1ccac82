"""Background jobs on the store's ``jobs`` table: enqueue in the submission's transaction, claim, run, retry.

:mod:`formc.jobs.queue` is the queue (claimed with ``SELECT … FOR UPDATE SKIP
LOCKED`` on PostgreSQL, under SQLite's write lock otherwise),
:mod:`formc.jobs.handlers` says what each kind of job does, and
:mod:`formc.jobs.worker` runs them (a thread inside the server, or
``formc worker``). New kinds register a handler; the table does not change.
"""
