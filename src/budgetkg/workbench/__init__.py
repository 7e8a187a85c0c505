"""The researcher's workbench behind ``budgetkg serve``: a query page and the SPARQL endpoint on one port.

Design: Oxigraph's own server answers SPARQL (the protocol, content negotiation, result formats, timeouts:
nothing of it is rewritten here) on an internal loopback port (:mod:`budgetkg.store.server`); a small
stdlib ``http.server`` front on the user's port serves the offline page (``web/``), the library's queries
(``/api/queries``, ``/api/bind``: parameters bound as escaped RDF terms by the query library, never in the
browser) and passes ``/query`` (and, when writable, ``/update`` and ``/store``) through unchanged. One
origin means no CORS; Oxigraph's own page (YASGUI) knows nothing of the library, so it is not exposed.
"""
