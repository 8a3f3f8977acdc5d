#!/bin/sh
# Test data of tests/crypto/mbedtls, made with openssl and committed (our
# own test-only keys: never use them for anything else). Run from this
# folder; it ends with ./gen_vectors.py, which writes ../src/test_data.[ch].
#
# chain: root (P-256, self-signed) -> intermediate (RSA-2048, signed with
# ECDSA-SHA256) -> leaf "device.kestrel.test" (P-256, signed with
# RSA-SHA256); other-root: an unrelated CA. Valid for 10 years from the
# day this ran (the tests set the clock to 2030-06-01).
set -eu
days=3650
ext=$(mktemp)
trap 'rm -f "$ext" ./*.csr' EXIT
cat > "$ext" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:device.kestrel.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
ca() { # name subject
	openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"
	openssl req -x509 -new -key "$1.key" -sha256 -days $days -subj "$2" \
		-set_serial 1 -extensions ca -config "$ext" -out "$1.crt"
}
ca root "/O=Kestrel Test/CN=Kestrel Test Root CA"
ca other-root "/O=Kestrel Test/CN=Kestrel Other Root CA"
openssl genrsa -out intermediate.key 2048
openssl req -new -key intermediate.key -subj "/O=Kestrel Test/CN=Kestrel Test Intermediate CA" \
	-out intermediate.csr
openssl x509 -req -in intermediate.csr -CA root.crt -CAkey root.key -set_serial 2 \
	-days $days -sha256 -extfile "$ext" -extensions ca -out intermediate.crt
openssl ecparam -name prime256v1 -genkey -noout -out leaf.key
openssl req -new -key leaf.key -subj "/O=Kestrel Test/CN=device.kestrel.test" -out leaf.csr
openssl x509 -req -in leaf.csr -CA intermediate.crt -CAkey intermediate.key -set_serial 3 \
	-days $days -sha256 -extfile "$ext" -extensions leaf -out leaf.crt
# RSA-2048 signing key of the PKCS#1 v1.5 / PSS vectors (gen_vectors.py).
openssl genrsa -out rsa.key 2048
./gen_vectors.py
# Only the leaf's key is used by the tests (client-auth signing).
rm -f other-root.key root.key intermediate.key rsa.key
