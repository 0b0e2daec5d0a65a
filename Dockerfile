# syntax=docker/dockerfile:1
# Sepucuk hub image: an example, explained in docs/operations.md ("Container image").
#   docker build -t sepucuk:0.1.0 .
#   docker run --env-file /etc/sepucuk/sepucuk.env -p 4000:4000 sepucuk:0.1.0
# No secret is baked in: every key, password and source credential comes from the environment at run time, and
# NODE_ENV=production makes the hub refuse to start without them (the error names the missing variable).

# --- build: TypeScript and the board's browser bundle need the dev dependencies (tsc, esbuild) ---------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
COPY resolvers ./resolvers
COPY connectors ./connectors
COPY sandbox ./sandbox
COPY scripts ./scripts
COPY web ./web
COPY examples ./examples
RUN npm run build

# --- runtime: production dependencies, the compiled hub, the SDL and operations it reads at start --------------------
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=4000 \
    PGLITE_DATA_DIR=/var/lib/sepucuk/pglite
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY schema ./schema
# The persisted operations (the allow-list of PERSISTED_OPERATIONS), read at start like the SDL.
COPY examples ./examples
COPY --from=build /app/dist ./dist
# Only used with the embedded database (no DATABASE_URL): mount a volume here. Production should use PostgreSQL.
RUN mkdir -p /var/lib/sepucuk && chown node:node /var/lib/sepucuk
USER node
EXPOSE 4000
# Liveness only (the process answers). Load balancers should route by /readyz, which also checks PostgreSQL and LISTEN.
# node:20-slim has no curl: Node's own fetch does the probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# main.js drains on SIGTERM within SHUTDOWN_GRACE_MS (10 s by default): give `docker stop` longer (`-t 20`).
STOPSIGNAL SIGTERM
# The Node flags are npm start's (package.json; docs/operations.md says why).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
