#!/usr/bin/env node
'use strict';
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code), (error) => { console.error(error); process.exit(1); });
