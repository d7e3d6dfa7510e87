#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loads the module and runs the C netlink tests (netlink_test) against it.

set -e
source "$(dirname "$0")/lib.sh"

trap unload_module EXIT
load_module
"$(dirname "$0")/netlink_test"
