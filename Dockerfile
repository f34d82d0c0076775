# rbench as a container image, for segmented runs on Kubernetes (deploy/kubernetes/).
#   docker build -t rbench:0.1.0 .
#
# `npm ci` runs the `prepare` script, which compiles with tsc and bundles with esbuild: both are
# dev dependencies. So dist/ is built in a first stage with every dependency, and the image gets
# only the production dependencies (`npm ci --omit=dev --ignore-scripts`, so prepare does not run
# without its compiler) plus the built dist/.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY bench ./bench
RUN npm ci --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY scenarios ./scenarios
COPY schema ./schema
# The official image's unprivileged user (uid 1000).
USER node
ENTRYPOINT ["node", "/app/bin/rbench"]
CMD ["--help"]
