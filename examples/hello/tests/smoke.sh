#!/bin/sh
# Integration check: the page served by the tested digest says hello.
set -eu
body=$(wget -q -O - "${IMMUTABLE_QA_ENDPOINT_WEB}")
echo "$body"
echo "$body" | grep -q 'hello from immutable-qa'
