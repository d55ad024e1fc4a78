from tuinotes.cli import main

raise SystemExit(main())
