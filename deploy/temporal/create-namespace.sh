#!/bin/sh
# Creates the namespace hibob-sync runs in and the search attributes its workflows set. Keep the list in
# step with common/searchAttributes.ts; a Jest test compares the two.
set -eu

namespace="${NAMESPACE:-default}"
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  echo "Waiting for Temporal at $TEMPORAL_ADDRESS"
  sleep 2
done

if ! temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1; then
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" --retention 30d
fi
# A new namespace reaches the server's namespace cache after a few seconds.
until temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1; do
  echo "Waiting for namespace $namespace"
  sleep 2
done

add_search_attribute() {
  if temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" --name "$1" --type "$2"; then
    return
  fi
  # Creating an attribute that exists fails; only a missing attribute is an error.
  temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace" | grep -qw "$1"
}

add_search_attribute TenantId Keyword
add_search_attribute IntegrationState Keyword
add_search_attribute LastSyncTime Datetime
add_search_attribute LastRunResult Keyword
