"""factory_boy factories, one module per app, for the tests whose point is not the demo.

Factories make rows that are valid as the services expect them; the services move them
(``registrations.submitted``, ``campaigns.launched`` …). ``scenarios.small_portal`` builds a
small portal with the demo's cast of accounts, for the transactional tests: they start from an
empty database (``tests.conftest.small_db``) instead of reloading the whole demo."""
