# Gainsay: `docker build -t gainsay . && docker run -p 8000:8000 -v gainsay-data:/data gainsay`
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 gainsay \
 && mkdir /data && chown gainsay:gainsay /data

# Locked dependencies first, so code changes do not reinstall them.
COPY requirements.lock /build/requirements.lock
RUN pip install --require-hashes -r /build/requirements.lock

# The wheel bundles templates, static files, migrations and seeds (see pyproject.toml).
COPY . /build/src
RUN pip install --no-deps /build/src && rm -rf /build

USER gainsay
WORKDIR /data
ENV GAINSAY_DATABASE_URL=sqlite:////data/gainsay.db
# X-Forwarded-For and -Proto are believed only from these addresses: set the proxy in front
# (`-e GAINSAY_FORWARDED_ALLOW_IPS=10.0.0.2`); a client that reaches the port directly is not.
ENV GAINSAY_FORWARDED_ALLOW_IPS=127.0.0.1,::1
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]

# One worker process per CPU core the container may use, each on its own listening socket;
# `-e GAINSAY_WORKERS=N` picks N. SIGTERM (docker stop) lets requests in progress finish.
# Migrations and seeds run once, before the workers start.
CMD ["gainsay", "serve", "--host", "0.0.0.0", "--port", "8000"]
