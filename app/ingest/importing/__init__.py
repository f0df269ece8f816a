"""Importing articles: received bytes → clean article text → a stored Article with suggestions,
in stages that every way in (the import page, `POST /api/articles`, `gainsay import`) shares:

* `decode`: the format (by suffix and first bytes) and the text (encoding found, binary refused);
* `extract`: an HTML page's or a Markdown text's paragraphs and stated metadata;
* `clean`: page furniture dropped, paragraphs laid out;
* `metadata`: titles, outlets, dates and URLs (front matter, a text's header, its headline);
* `prepare`: the stages above in order, pure, run in the import worker
  (app/ingest/worker.py) within the time budget: a `PreparedArticle` or a `Refusal`;
* `store`: de-duplication and the article, its outlet and its suggestions in one SAVEPOINT;
* `sources` and `batch`: files, folders and zip archives for `gainsay import`, one committed
  transaction per article;
* `limits`: the size limits, in one place for the routes, the middleware and the command.
"""
