#!/usr/bin/env node
// The `vpnaas-api` command of the production bundle (see deploy/bundle.sh): starts the built service.
import '../dist/main.js';
