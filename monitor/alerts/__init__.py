"""Alerts: the outbox worker (`delivery`) and its channels (signed webhooks, email). A
channel turns one alert into one attempt and reports a `DeliveryResult`; the worker records
every attempt through the store and decides retry, give-up or disable. May import:
monitor.store, monitor.settings, monitor.errors.
"""
