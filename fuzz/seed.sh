#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the repository's fixtures, the starting
# inputs of each target. Safe to run again: files are named by the hash of
# their content, as libFuzzer names the inputs it adds.
set -euo pipefail

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
fixtures="$root/fixtures"
corpus="$fuzz_dir/corpus"

# seed TARGET FILE...: copies each file into the target's corpus.
seed() {
    local target=$1
    shift
    mkdir -p "$corpus/$target"
    local file
    for file in "$@"; do
        local sum
        sum=$(sha1sum "$file" | cut -d' ' -f1)
        cp "$file" "$corpus/$target/$sum"
    done
}

# The YAML files under fixtures/ (not the saved inputs of fixtures/fuzz/)
# whose lines match the extended regular expression $1.
yaml_matching() {
    find "$fixtures" -type f \( -name '*.yml' -o -name '*.yaml' \) ! -path "$fixtures/fuzz/*" -print0 |
        xargs -0 grep -lZ -E "$1" || true
}

mapfile -d '' compose < <(yaml_matching '^(services|include|name):')
mapfile -d '' prometheus < <(yaml_matching '^(global|scrape_configs|scrape_config_files|rule_files):')
mapfile -d '' rules < <(yaml_matching '^groups:')
mapfile -d '' dotenv < <(find "$fixtures" -type f \( -name '.env*' -o -name '*.env' \) \
    ! -path "$fixtures/fuzz/*" -print0)
mapfile -d '' alloy < <(find "$fixtures" -type f -name '*.alloy' ! -path "$fixtures/fuzz/*" -print0)

seed compose "${compose[@]}"
seed prometheus "${prometheus[@]}"
seed rules "${rules[@]}"
seed dotenv "${dotenv[@]}"
seed alloy "${alloy[@]}"

# The inputs saved from earlier runs (fixtures/fuzz/<target>/) start their
# target's corpus too.
for target in compose prometheus rules dotenv alloy; do
    if [ -d "$fixtures/fuzz/$target" ]; then
        mapfile -d '' saved < <(find "$fixtures/fuzz/$target" -type f -print0)
        seed "$target" "${saved[@]}"
    fi
done

for target in compose prometheus rules dotenv alloy; do
    printf '%-10s %s inputs\n' "$target" "$(find "$corpus/$target" -type f | wc -l)"
done
