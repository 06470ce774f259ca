from iac_review.cli.main import main

raise SystemExit(main())
