"""claimkit: news articles in, a claim-verification benchmark out.

The import name is ``toolkit``; the distribution and console script are ``claimkit``.
"""

__version__ = "0.1.0"
