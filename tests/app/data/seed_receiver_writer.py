#!/usr/bin/env python3
"""Writes a batch store the way the seed's receiver does, following its database document
(seed 000, "Create (Write)"): under a lock, open the current batch file (or create it),
append `[{timestamp}] Message #{number}: {content}\\n`, flush, and after 10 messages close
it and go on with the next batch number.

    seed_receiver_writer.py DIR MESSAGES.json

MESSAGES.json is a list of {"timestamp", "message_number", "content"} objects.
"""
import json
import os
import sys
import threading


class BatchFileWriter:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        self.lock = threading.Lock()
        self.batch_number = 1
        self.counter = 0
        self.file = None

    def write(self, timestamp, number, content):
        with self.lock:
            if self.file is None:
                name = f"messages_batch_{self.batch_number:04d}.txt"
                self.file = open(os.path.join(self.directory, name), 'a')
            self.file.write(f"[{timestamp}] Message #{number}: {content}\n")
            self.file.flush()
            self.counter += 1
            if self.counter >= 10:
                self.file.close()
                self.file = None
                self.batch_number += 1
                self.counter = 0

    def close(self):
        with self.lock:
            if self.file is not None:
                self.file.close()
                self.file = None


def main(directory, messages_path):
    with open(messages_path, 'r') as f:
        messages = json.load(f)
    writer = BatchFileWriter(directory)
    for message in messages:
        writer.write(message['timestamp'], message['message_number'], message['content'])
    writer.close()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
