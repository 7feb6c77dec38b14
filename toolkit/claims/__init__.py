"""Claims: articles to labeled claim/evidence pairs, reviewed by people.

* :mod:`~toolkit.claims.checkworthiness` scores sentences with named reasons;
* :mod:`~toolkit.claims.standalone` makes a sentence readable on its own or says why not;
* :mod:`~toolkit.claims.rules` holds the generator rules, registered by versioned name
  in :mod:`~toolkit.claims.registry`;
* :mod:`~toolkit.claims.generate` runs them (pure, iterator in, iterator out);
* :mod:`~toolkit.claims.merge` keeps every claim a person touched;
* :mod:`~toolkit.claims.extract`, :mod:`~toolkit.claims.annotate` and
  :mod:`~toolkit.claims.stats` are the three commands' library calls.
"""

from toolkit.claims.extract import ExtractResult, extract, extract_stream, run_extract

__all__ = ["ExtractResult", "extract", "extract_stream", "run_extract"]
