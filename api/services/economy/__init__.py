"""The economy domain: cluster ledgers in whole øre (`ledger`), the yearly rates (`rates`),
the allocation runs (`allocations`), and `access`."""
