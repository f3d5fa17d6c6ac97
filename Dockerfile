# Production image: gunicorn serves the portal, the same image runs the Celery worker and beat.

# The interface's stylesheet and scripts, built from package-lock.json's pinned packages.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY bin/build-assets bin/build-assets
COPY static/scss/ static/scss/
RUN bin/build-assets

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PORTAL_VAR_DIR=/var/lib/portal

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core fonts-liberation postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exactly the versions the suite passed on: every package pinned and checked by its hash. The
# portal itself is not installed as a package; it runs from /app.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY portal/ portal/
COPY meetings/ meetings/
COPY checklists/ checklists/
COPY stakeholders/ stakeholders/
COPY templates/ templates/
COPY static/ static/
COPY --from=assets /build/static/build/ static/build/
COPY manage.py ./
COPY bin/docker-entrypoint bin/docker-entrypoint
RUN cd portal && django-admin compilemessages \
 && cd .. && SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput \
 && useradd --system --home /var/lib/portal portal && mkdir -p /var/lib/portal \
 && chown portal /var/lib/portal

USER portal
EXPOSE 8000
ENTRYPOINT ["bin/docker-entrypoint"]
CMD ["web"]
