"""``tqa review``: a local web page where an editor accepts, rejects or edits each finding of one document.

:mod:`tqa.review.session` holds what does not depend on the web: the document, its findings, the decisions
(saved at once to a review file beside the document), the corrected document and its score, and the exports.
:mod:`tqa.review.server` is the Starlette application and the uvicorn server around it (imported only by
``tqa review``: Starlette and uvicorn are never loaded by ``tqa check``).
"""
