# One image for the five Utilia services; docker-compose.yml and deploy/ pick the service by command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/platform/package.json libs/platform/
COPY libs/rating/package.json libs/rating/
COPY libs/greenbutton/package.json libs/greenbutton/
COPY libs/bankfiles/package.json libs/bankfiles/
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run-many -t build --output-style=static && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs/contracts/package.json ./libs/contracts/package.json
COPY --from=build /app/libs/contracts/dist ./libs/contracts/dist
COPY --from=build /app/libs/platform/package.json ./libs/platform/package.json
COPY --from=build /app/libs/platform/dist ./libs/platform/dist
COPY --from=build /app/libs/rating/package.json ./libs/rating/package.json
COPY --from=build /app/libs/rating/dist ./libs/rating/dist
COPY --from=build /app/libs/greenbutton/package.json ./libs/greenbutton/package.json
COPY --from=build /app/libs/greenbutton/dist ./libs/greenbutton/dist
COPY --from=build /app/libs/bankfiles/package.json ./libs/bankfiles/package.json
COPY --from=build /app/libs/bankfiles/dist ./libs/bankfiles/dist
# The typical load shapes rating's quotes spread monthly totals over (NREL SAM test loads, BSD-3-Clause).
COPY --from=build /app/fixtures/loads ./fixtures/loads
COPY --from=build /app/apps/customer/dist ./apps/customer/dist
COPY --from=build /app/apps/metering/dist ./apps/metering/dist
COPY --from=build /app/apps/rating/dist ./apps/rating/dist
COPY --from=build /app/apps/invoicing/dist ./apps/invoicing/dist
COPY --from=build /app/apps/payments/dist ./apps/payments/dist
COPY --from=build /app/tools/run/topics.mjs /app/tools/run/common.mjs ./tools/run/
# Where invoicing writes print batches (a volume in docker-compose.yml and deploy/).
RUN mkdir -p /data/print-batches && chown node /data/print-batches
USER node
CMD ["node", "apps/customer/dist/main.js"]
