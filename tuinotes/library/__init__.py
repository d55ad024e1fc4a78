"""The library: the one facade the CLI, the app and the benchmark use (meetings, search,
people, activity, actions, series, links), and where config and caches live."""
