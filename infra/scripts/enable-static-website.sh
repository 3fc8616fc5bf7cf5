#!/bin/bash
# Runs inside the deployment script (modules/staticWebsite.bicep), logged in as the script's
# user-assigned identity. Enables static website hosting with Entra ID auth and proves it.
# A fresh role assignment can take minutes to reach the data plane, so retry until a deadline.
set -uo pipefail

deadline=$(( $(date +%s) + 900 ))
until az storage blob service-properties update \
        --account-name "$STORAGE_ACCOUNT" --auth-mode login \
        --static-website --index-document "$INDEX_DOCUMENT" --404-document "$ERROR_DOCUMENT" \
        --output none; do
  if (( $(date +%s) >= deadline )); then
    echo "static website could not be enabled on $STORAGE_ACCOUNT before the deadline" >&2
    exit 1
  fi
  echo "waiting for the role assignment to reach the data plane..."
  sleep 15
done

enabled=$(az storage blob service-properties show \
            --account-name "$STORAGE_ACCOUNT" --auth-mode login \
            --query staticWebsite.enabled --output tsv)
if [[ "$enabled" != "true" ]]; then
  echo "static website still disabled on $STORAGE_ACCOUNT" >&2
  exit 1
fi
printf '{"enabled": true}' > "$AZ_SCRIPTS_OUTPUT_PATH"
