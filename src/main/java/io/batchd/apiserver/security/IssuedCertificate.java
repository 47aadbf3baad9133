package io.batchd.apiserver.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate with the private key of its subject. */
record IssuedCertificate(X509Certificate certificate, PrivateKey key) {}
