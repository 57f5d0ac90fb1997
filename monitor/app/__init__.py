"""The application: the `monitor` command (`cli`), the long-running service with its
scheduler, health, baseline acceptance and reports. The top layer: may import every other
package; nothing imports it.
"""
