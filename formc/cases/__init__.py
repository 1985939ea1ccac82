"""A case after its submission: status events, its deadline, and the citizen's status page.

:mod:`formc.cases.events` says which events exist and which may follow
which; :mod:`formc.cases.deadlines` says when a preliminary reply is due;
:mod:`formc.cases.status` renders the status page a citizen sees with their
secret. The store keeps the events
(:mod:`formc.store`); the server and ``formc case`` add them.
"""
