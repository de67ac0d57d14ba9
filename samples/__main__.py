from samples.generate import main

raise SystemExit(main())
