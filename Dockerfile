# compose-lint as a container: a static binary on an empty image, run as a
# non-root user. Mount the repository at /work:
#   docker run --rm -v "$PWD:/work" ghcr.io/compose-lint/compose-lint check
FROM rust:1.88-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p compose-lint-cli \
    && cp target/release/compose-lint /compose-lint

FROM scratch
COPY --from=build /compose-lint /usr/local/bin/compose-lint
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/compose-lint"]
CMD ["check"]
