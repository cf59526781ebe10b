#!/bin/bash
# One database and one login role per service, owning only its database; none is a superuser.
set -euo pipefail
for name in enrollment sequencer drafting dispatch replies console; do
  psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE touchflow_${name} LOGIN PASSWORD '${TOUCHFLOW_DATABASE_PASSWORD}';
CREATE DATABASE touchflow_${name} OWNER touchflow_${name};
REVOKE ALL ON DATABASE touchflow_${name} FROM PUBLIC;
SQL
done
