"""Shared by the paho-mqtt scenario scripts (Debian's python3-paho-mqtt 1.6, run by /usr/bin/python3).

Environment: MQTT_HOST, MQTT_PORT, TOPIC_PREFIX (unique per run), MQTT_VERSION (5 or 311), MQTT_WAIT_SECONDS
(bounds every wait). A script announces its steps on stderr ("step: NAME") and prints one JSON object on stdout:
what it observed, or {"error": ..., "failedStep": ...} with exit code 1 when a wait ran out or a call failed. A
script that needs the test to act while its clients hold state (kill and restart the server) calls pause(), which
prints "pause: REASON" on stderr and waits for "resume" on stdin.

Each client runs its own network loop without paho's automatic reconnect (loop_start reconnects after a lost
connection, which would hide a takeover or an abrupt close from the scenario).
"""

import base64
import json
import os
import queue
import select
import socket
import sys
import threading
import traceback

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCodes
from paho.mqtt.subscribeoptions import SubscribeOptions

HOST = os.environ["MQTT_HOST"]
PORT = int(os.environ["MQTT_PORT"])
PREFIX = os.environ["TOPIC_PREFIX"]
VERSION = int(os.environ.get("MQTT_VERSION", "5"))
WAIT = float(os.environ.get("MQTT_WAIT_SECONDS", "30"))

_current_step = "(before the first step)"
_result = {}


class ScenarioFailure(Exception):
    pass


def step(name):
    global _current_step
    _current_step = name
    print(f"step: {name}", file=sys.stderr, flush=True)


def topic(name):
    return f"{PREFIX}/{name}"


def record(name, value):
    _result[name] = value


def run(scenario):
    """Runs scenario(), then prints the result object; a failure prints what was observed so far and exits 1."""
    try:
        scenario()
    except Exception as exception:  # noqa: BLE001 - every failure is reported as data
        traceback.print_exc(file=sys.stderr)
        _result["error"] = f"{type(exception).__name__}: {exception}"
        _result["failedStep"] = _current_step
        print(json.dumps(_result), flush=True)
        sys.exit(1)
    print(json.dumps(_result), flush=True)


def pause(reason):
    """Asks the test to act (for example, kill and restart the server), then waits until it has."""
    print(f"pause: {reason}", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if line.strip() != "resume":
        raise ScenarioFailure(f"expected 'resume' on stdin after pausing for {reason}, got {line!r}")


def publish_packet_identifier(data):
    """The Packet Identifier of the PUBLISH (QoS 1 or 2, no Topic Alias) at the start of data, as sent on the wire."""
    if not data or data[0] >> 4 != 3 or (data[0] >> 1) & 3 == 0:
        raise ScenarioFailure(f"expected a QoS 1 or 2 PUBLISH first, got {data[:8].hex()}")
    offset = 1
    while data[offset] & 0x80:  # Remaining Length, a Variable Byte Integer
        offset += 1
    offset += 1
    topic_length = int.from_bytes(data[offset:offset + 2], "big")
    offset += 2 + topic_length
    return int.from_bytes(data[offset:offset + 2], "big")


def publish_properties(**values):
    """PUBLISH properties by paho's names: UserProperty=[(k, v)], ContentType, ResponseTopic, CorrelationData..."""
    properties = Properties(PacketTypes.PUBLISH)
    for name, value in values.items():
        setattr(properties, name, value)
    return properties


def describe(message):
    """A received PUBLISH as JSON-friendly data."""
    described = {
        "topic": message.topic,
        "payload": message.payload.decode("utf-8", errors="replace"),
        "qos": message.qos,
        "retain": bool(message.retain),
        "dup": bool(message.dup),
        "mid": message.mid,
    }
    properties = getattr(message, "properties", None)
    if properties is not None:
        names = {
            "UserProperty": "userProperties",
            "ContentType": "contentType",
            "ResponseTopic": "responseTopic",
            "MessageExpiryInterval": "messageExpiryInterval",
            "SubscriptionIdentifier": "subscriptionIdentifiers",
            "PayloadFormatIndicator": "payloadFormatIndicator",
            "TopicAlias": "topicAlias",
        }
        for paho_name, name in names.items():
            if hasattr(properties, paho_name):
                value = getattr(properties, paho_name)
                if paho_name == "UserProperty":
                    value = [[k, v] for k, v in value]
                described[name] = value
        if hasattr(properties, "CorrelationData"):
            described["correlationData"] = base64.b64encode(properties.CorrelationData).decode("ascii")
    return described


class Client:
    """One paho client with its own loop thread; every wait is bounded by MQTT_WAIT_SECONDS."""

    def __init__(self, client_id, version=None, clean=True, session_expiry=None, will=None, keepalive=60, username=None, password=None):
        self.client_id = client_id
        self.version = version or VERSION
        self.clean = clean
        self.session_expiry = session_expiry
        self.keepalive = keepalive
        protocol = mqtt.MQTTv5 if self.version == 5 else mqtt.MQTTv311
        self.paho = mqtt.Client(client_id=client_id, clean_session=None if self.version == 5 else clean, protocol=protocol)
        if will is not None:
            self.paho.will_set(**will)
        if username is not None:
            self.paho.username_pw_set(username, password)
        self.messages = queue.Queue()
        self.connected = threading.Event()
        self.disconnected = threading.Event()
        self.session_present = None
        self.connect_reason = None
        self.disconnect_reason = None
        self.connack_properties = None
        self._acks = {}
        self._acks_gate = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        self.paho.on_connect = self._on_connect
        self.paho.on_disconnect = self._on_disconnect
        self.paho.on_message = lambda _client, _userdata, message: self.messages.put(message)
        self.paho.on_subscribe = self._on_ack
        self.paho.on_unsubscribe = self._on_ack
        self.paho.on_publish = lambda _client, _userdata, mid: self._ack(mid, None)

    def connect(self, expect_success=True):
        properties = None
        if self.version == 5:
            properties = Properties(PacketTypes.CONNECT)
            if self.session_expiry is not None:
                properties.SessionExpiryInterval = self.session_expiry
            self.paho.connect(HOST, PORT, self.keepalive, clean_start=self.clean, properties=properties)
        else:
            self.paho.connect(HOST, PORT, self.keepalive)
        self._thread = threading.Thread(target=self._loop, name=f"paho-{self.client_id}", daemon=True)
        self._thread.start()
        if not self.connected.wait(WAIT):
            raise ScenarioFailure(f"{self.client_id}: no CONNACK within {WAIT} s")
        if expect_success and self.connect_reason != 0:
            raise ScenarioFailure(f"{self.client_id}: CONNACK refused with {self.connect_reason}")
        return self

    def subscribe(self, topic_filter, qos=1, no_local=False, retain_as_published=False, subscription_identifier=None):
        properties = None
        if self.version == 5:
            options = SubscribeOptions(qos=qos, noLocal=no_local, retainAsPublished=retain_as_published)
            if subscription_identifier is not None:
                properties = Properties(PacketTypes.SUBSCRIBE)
                properties.SubscriptionIdentifier = subscription_identifier
            result, mid = self.paho.subscribe(topic_filter, options=options, properties=properties)
        else:
            result, mid = self.paho.subscribe(topic_filter, qos)
        granted = self._wait_ack(result, mid, f"SUBACK for {topic_filter}")
        codes = [getattr(code, "value", code) for code in granted]
        if any(code >= 0x80 for code in codes):
            raise ScenarioFailure(f"{self.client_id}: SUBSCRIBE {topic_filter} refused: {codes}")
        return codes

    def publish(self, topic_name, payload, qos=1, retain=False, properties=None):
        """Publishes and, for QoS 1 and 2, waits for the PUBACK or PUBCOMP."""
        info = self.paho.publish(topic_name, payload, qos=qos, retain=retain, properties=properties)
        if qos > 0:
            self._wait_ack(info.rc, info.mid, f"acknowledgement of the publish to {topic_name!r}")
        elif not info.is_published():
            info.wait_for_publish(WAIT)
        return info

    def wait_published(self, info, what):
        """Waits for the PUBACK or PUBCOMP of a message published with self.paho.publish (for example while paused)."""
        self._wait_ack(info.rc, info.mid, what)

    def receive(self, count, what):
        """The next `count` messages, in arrival order; fails when they do not all arrive within the wait."""
        received = []
        for _ in range(count):
            try:
                received.append(self.messages.get(timeout=WAIT))
            except queue.Empty:
                got = [m.topic + " " + m.payload.decode("utf-8", "replace") for m in received]
                raise ScenarioFailure(f"{self.client_id}: {what}: {len(received)} of {count} messages within {WAIT} s: {got}")
        return received

    def receive_until(self, is_last, what):
        """Messages in arrival order up to and including the first one for which is_last(message) is true."""
        received = []
        while True:
            try:
                message = self.messages.get(timeout=WAIT)
            except queue.Empty:
                got = [m.topic + " " + m.payload.decode("utf-8", "replace") for m in received]
                raise ScenarioFailure(f"{self.client_id}: {what}: not seen within {WAIT} s; got {got}")
            received.append(message)
            if is_last(message):
                return received

    def pending(self):
        """Messages that already arrived and were not taken yet."""
        taken = []
        while True:
            try:
                taken.append(self.messages.get_nowait())
            except queue.Empty:
                return taken

    def disconnect(self, with_will=False):
        """A normal DISCONNECT (reason 0 in 5.0), or with_will: reason 0x04, which asks the server to publish the will
        (5.0); waits until the connection is closed."""
        if with_will:
            self.paho.disconnect(reasoncode=ReasonCodes(PacketTypes.DISCONNECT, identifier=4))
        else:
            self.paho.disconnect()
        if not self.disconnected.wait(WAIT):
            raise ScenarioFailure(f"{self.client_id}: connection not closed within {WAIT} s after DISCONNECT")
        self._join()

    def wait_closed_by_server(self, what):
        if not self.disconnected.wait(WAIT):
            raise ScenarioFailure(f"{self.client_id}: {what}: the server did not close the connection within {WAIT} s")
        self._join()

    def pause(self):
        """Stops reading while the connection stays open: what the server sends waits unread in the socket."""
        self._stop.set()
        self._join()
        self._stop.clear()

    def unread(self, what):
        """Waits until the server has sent the paused client something; returns those bytes, left unread."""
        sock = self.paho.socket()
        readable, _, _ = select.select([sock], [], [], WAIT)
        if not readable:
            raise ScenarioFailure(f"{self.client_id}: {what}: nothing arrived within {WAIT} s")
        return sock.recv(65536, socket.MSG_PEEK)

    def reconnect(self):
        """Drops the connection (what the server sent and the client did not read is lost) and connects again with
        the same client state: paho resends its unacknowledged PUBLISH (with DUP) and PUBREL packets."""
        self.connected.clear()
        self.disconnected.clear()
        self.paho.reconnect()
        self._thread = threading.Thread(target=self._loop, name=f"paho-{self.client_id}", daemon=True)
        self._thread.start()
        if not self.connected.wait(WAIT):
            raise ScenarioFailure(f"{self.client_id}: no CONNACK within {WAIT} s after reconnecting")
        if self.connect_reason != 0:
            raise ScenarioFailure(f"{self.client_id}: CONNACK refused with {self.connect_reason} after reconnecting")
        return self

    def abort(self):
        """Drops the TCP connection without DISCONNECT, as a crashed client or a lost network would."""
        self._stop.set()
        self._join()
        sock = self.paho.socket()
        if sock is not None:
            # A zero-timeout linger sends RST: the server sees the connection fail, not a half-close.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.close()

    def _loop(self):
        while not self._stop.is_set():
            if self.paho.loop(timeout=0.05) != mqtt.MQTT_ERR_SUCCESS:
                break
        if not self._stop.is_set():
            self.disconnected.set()

    def _join(self):
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(WAIT)

    def _on_connect(self, _client, _userdata, flags, reason, properties=None):
        self.session_present = int(flags.get("session present", 0))
        self.connect_reason = getattr(reason, "value", reason)
        self.connack_properties = properties
        self.connected.set()

    def _on_disconnect(self, _client, _userdata, reason, properties=None):
        self.disconnect_reason = getattr(reason, "value", reason)
        self.disconnected.set()

    def _on_ack(self, _client, _userdata, mid, granted=None, properties=None):
        self._ack(mid, granted if granted is not None else [])

    def _ack(self, mid, value):
        with self._acks_gate:
            self._acks.setdefault(mid, [threading.Event(), None])
            self._acks[mid][1] = value
            self._acks[mid][0].set()

    def _wait_ack(self, result, mid, what):
        if result != mqtt.MQTT_ERR_SUCCESS:
            raise ScenarioFailure(f"{self.client_id}: {what}: paho returned {mqtt.error_string(result)}")
        with self._acks_gate:
            self._acks.setdefault(mid, [threading.Event(), None])
            event = self._acks[mid][0]
        if not event.wait(WAIT):
            raise ScenarioFailure(f"{self.client_id}: no {what} within {WAIT} s")
        return self._acks[mid][1]
