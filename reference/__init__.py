"""The bundled reference backend: a self-hosted Rekognition Video + S3 service that keeps the contract.

Start it with :class:`rekognition_conformance.reference.server.ReferenceServer` or ``python -m
rekognition_conformance.reference``.
"""
