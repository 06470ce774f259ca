"""Security-hardening facts: open ports, database ports, defaults AWS applies by itself.

Plain data and pure functions, shared by the static rules over CDKTF source and
(later) by the rules over synthesized Terraform JSON.
"""
from __future__ import annotations

# CIDRs meaning "anywhere".
# Source: Amazon VPC User Guide, security group rules ("0.0.0.0/0 ... all IPv4
# addresses", "::/0 ... all IPv6 addresses"):
# https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
ANYWHERE_CIDRS = frozenset({"0.0.0.0/0", "::/0"})

# Protocol values meaning "all protocols, all ports".
# Source: EC2 API, IpPermission.IpProtocol ("Use -1 to specify all protocols");
# the Terraform provider also accepts "all":
# https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
ALL_PROTOCOLS = frozenset({"-1", "all"})

# Remote administration ports: SSH and RDP open to the internet are brute-forced.
# Source: AWS Security Hub control EC2.13 / EC2.14 (no 0.0.0.0/0 ingress to 22 / 3389):
# https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html
ADMIN_PORTS: dict[int, str] = {22: "SSH", 3389: "RDP"}

# Default database and cache ports.
# Source: Security Hub control EC2.19 ("high-risk ports") and the engines' RDS /
# ElastiCache / DocumentDB / Redshift defaults:
# https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
DATABASE_PORTS: dict[int, str] = {
    1433: "SQL Server",
    1521: "Oracle",
    3306: "MySQL/MariaDB/Aurora MySQL",
    5432: "PostgreSQL/Aurora PostgreSQL",
    5439: "Redshift",
    6379: "Redis/Valkey",
    9042: "Cassandra/Keyspaces",
    11211: "Memcached",
    27017: "MongoDB/DocumentDB",
}

# Ports that may face the internet: HTTPS always; HTTP only on a load balancer
# (to redirect to HTTPS).
# Source: Elastic Load Balancing, "Create an HTTP listener" (redirect HTTP to HTTPS):
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
HTTPS_PORT = 443
HTTP_PORT = 80

# A port range wider than this, open to anywhere, is treated like "all ports".
WIDE_RANGE = 1000

# Severities of ingress from anywhere, by what the rule opens.
OPEN_INGRESS_SEVERITY: dict[str, str] = {
    "admin_or_database_port": "Critical",   # SSH/RDP/database reachable from the internet
    "all_traffic": "High",                  # protocol -1 or a wide port range
    "http_on_load_balancer_with_https": "Low",  # usually a redirect listener
    "http_elsewhere": "Medium",
    "other_port": "Medium",
}

# Services that encrypt data at rest by default without any configuration.
# Each value says with what, and since when.
ENCRYPTED_BY_DEFAULT: dict[str, str] = {
    # Source: "Amazon S3 now automatically encrypts all new objects" (SSE-S3 default,
    # 5 January 2023): https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
    "s3": "SSE-S3 (AES-256) for every new object since January 2023",
    # Source: DynamoDB Developer Guide, encryption at rest ("all user data ... is fully
    # encrypted at rest ... AWS owned key by default"):
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
    "dynamodb": "an AWS owned key (always on; cannot be disabled)",
    # Source: CloudWatch Logs User Guide ("Log group data is always encrypted in CloudWatch Logs"):
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    "logs": "CloudWatch Logs server-side encryption (always on)",
    # Source: Aurora User Guide, Aurora Serverless v1 ("always encrypted"):
    # https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.html
    "aurora_serverless_v1": "always encrypted (engine_mode = serverless)",
}

# Source: Amazon S3 User Guide, "Amazon S3 Block Public Access and ACLs disabled by
# default for new buckets" (April 2023): every new bucket gets Block Public Access on.
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
S3_BLOCK_PUBLIC_ACCESS_DEFAULT = "on for every new bucket since April 2023"

# KMS keys that support automatic rotation: symmetric encryption keys only.
# Source: KMS Developer Guide, "Rotating AWS KMS keys" (automatic rotation is supported
# only on symmetric encryption KMS keys with key material AWS KMS generates):
# https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
ROTATABLE_KEY_SPECS = frozenset({"SYMMETRIC_DEFAULT"})
ROTATABLE_KEY_USAGES = frozenset({"ENCRYPT_DECRYPT"})

# Instance metadata: IMDSv2 only when http_tokens is "required".
# Source: EC2 User Guide, "Configure the instance metadata options":
# https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html
IMDSV2_REQUIRED = "required"

# RDS engines whose "encrypted by default" does not hold: storage_encrypted defaults to false
# for provisioned clusters and instances.
# Source: Terraform AWS provider, aws_rds_cluster `storage_encrypted` ("Default false for
# provisioned engine_mode and true for serverless engine_mode"):
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster
ENCRYPTED_ENGINE_MODES = frozenset({"serverless"})

# Words that mark a secret as database credentials (construct id or name).
DB_SECRET_WORDS = ("db", "database", "rds", "aurora", "postgres", "postgresql", "mysql",
                   "mariadb", "sql", "docdb", "redshift")


def is_anywhere(cidr: str) -> bool:
    """Whether a CIDR means every address."""
    return cidr.strip() in ANYWHERE_CIDRS


def all_protocols(protocol: str | int | None) -> bool:
    """Whether an ingress protocol value means all protocols (and so all ports)."""
    return protocol is not None and str(protocol).strip().lower() in ALL_PROTOCOLS


def sensitive_ports(from_port: int, to_port: int) -> list[str]:
    """Admin and database ports inside a range, as "22 (SSH)" labels."""
    low, high = min(from_port, to_port), max(from_port, to_port)
    table = {**ADMIN_PORTS, **DATABASE_PORTS}
    return [f"{port} ({name})" for port, name in sorted(table.items()) if low <= port <= high]


def open_ingress_kind(from_port: int | None, to_port: int | None, protocol: str | int | None,
                      load_balancer_with_https: bool) -> str | None:
    """Classify ingress from anywhere; None when it is acceptable (HTTPS, ICMP)."""
    if all_protocols(protocol):
        return "all_traffic"
    if protocol is not None and str(protocol).strip().lower() in ("icmp", "icmpv6", "1", "58"):
        return None
    if from_port is None or to_port is None:
        return None
    low, high = min(from_port, to_port), max(from_port, to_port)
    if high - low > WIDE_RANGE or (low == high == 0 and protocol is None):
        return "all_traffic"
    if sensitive_ports(low, high):
        return "admin_or_database_port"
    if low == high == HTTPS_PORT:
        return None
    if low == high == HTTP_PORT:
        return "http_on_load_balancer_with_https" if load_balancer_with_https else "http_elsewhere"
    return "other_port"


def rotatable_key(spec: str | None, usage: str | None) -> bool:
    """Whether a KMS key with this spec and usage supports automatic rotation."""
    return (spec is None or spec in ROTATABLE_KEY_SPECS) and \
        (usage is None or usage in ROTATABLE_KEY_USAGES)


def is_db_secret_name(text: str) -> bool:
    """Whether a secret's construct id or name suggests database credentials."""
    words = [w for w in _split_words(text.lower()) if w]
    return any(w in DB_SECRET_WORDS or w.startswith(("postgres", "mysql", "aurora"))
               or w.endswith("db") and len(w) > 2 and w[:-2] in ("rds", "app", "main", "master")
               for w in words)


def _split_words(text: str) -> list[str]:
    out, word = [], []
    for ch in text:
        if ch.isalnum():
            word.append(ch)
        else:
            out.append("".join(word))
            word = []
    out.append("".join(word))
    return out


# MySQL-family engines whose servers accept unencrypted connections unless the parameter
# group sets require_secure_transport (default OFF).
# Source: Aurora User Guide, "Requiring a TLS connection to an Aurora MySQL DB cluster"
# (require_secure_transport, default OFF) and RDS User Guide, "SSL/TLS support for MySQL DB
# instances": https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html
# (PostgreSQL is left out: RDS for PostgreSQL 15+ defaults rds.force_ssl to 1.)
TLS_OPTIONAL_ENGINES = frozenset({"mysql", "mariadb", "aurora-mysql", "aurora"})
TLS_REQUIRE_PARAMETER = "require_secure_transport"
