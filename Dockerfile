# Get-Your Portal: gunicorn serving portal.wsgi, static files collected at build.

# Node 24 is the active LTS release (Node 20 reached its end of life in April 2026).
FROM node:24-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=settings.production \
    PORT=8000
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY --chown=portal:portal . .
COPY --from=assets --chown=portal:portal /build/node_modules/@uswds/uswds/dist node_modules/@uswds/uswds/dist
COPY --from=assets --chown=portal:portal /build/node_modules/chart.js/dist node_modules/chart.js/dist
# collectstatic needs settings to load; these build-only values never reach runtime.
RUN SECRET_KEY="build-only-collectstatic-key-0123456789abcdefghijklmnopqrstuvwxyz" \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/private && chown portal:portal /data/private
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi"]
