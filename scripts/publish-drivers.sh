#!/usr/bin/env bash
# Publishes every first-party driver (Release) into plugins/<Name>/, exactly as a vendor would ship one.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in Drivers/*/*.csproj; do
  name=$(sed -n 's:.*<SharePluginName>\(.*\)</SharePluginName>.*:\1:p' "$project")
  name=${name:-$(basename "$(dirname "$project")")}
  echo "publishing $project -> plugins/$name"
  rm -rf "plugins/$name"
  dotnet publish "$project" -c Release -o "plugins/$name" --nologo -v quiet
done
