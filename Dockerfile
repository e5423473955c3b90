# syntax=docker/dockerfile:1
# Image of the hibob-sync worker; the same image runs the codec server and the sandboxes with another
# command (see docker-compose.yml). Build: docker build -t hibob-sync .

FROM node:20.19-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY activities activities
COPY api api
COPY client client
COPY common common
COPY sandbox sandbox
COPY store store
COPY worker worker
COPY workflows workflows
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/lib lib
USER node
# Stop with SIGTERM: the worker lets running activities finish within its shutdown grace time.
STOPSIGNAL SIGTERM
CMD ["node", "lib/worker/main.js"]
