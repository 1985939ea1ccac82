"""The expression language of ``visible_if``, ``required`` and ``rules``: lexer → parser → nodes → types → evaluation."""
