import Store

/// The status changes of a certificate (ISO/IEC 17024:2012 §9.6 suspension, withdrawal, reinstatement),
/// each with a reason and an audit entry.
///
/// ```
/// valid     --suspend-->   suspended --reinstate--> valid
/// valid     --withdraw-->  withdrawn                (final)
/// suspended --withdraw-->  withdrawn
/// ```
public enum CertificateStatusChange: String, Sendable, CaseIterable {
    case suspend, withdraw, reinstate

    /// The status after the change.
    public var target: CertificateStatus {
        switch self {
        case .suspend: .suspended
        case .withdraw: .withdrawn
        case .reinstate: .valid
        }
    }

    /// The statuses the change starts from.
    public var allowedFrom: [CertificateStatus] {
        switch self {
        case .suspend: [.valid]
        case .withdraw: [.valid, .suspended]
        case .reinstate: [.suspended]
        }
    }

    /// The audit action (`certificate.suspend`, …).
    public var auditAction: String { "certificate." + rawValue }

    /// The past participle for messages.
    var done: String {
        switch self {
        case .suspend: "suspended"
        case .withdraw: "withdrawn"
        case .reinstate: "reinstated"
        }
    }

    /// Applies the change to the certificate `idOrPrefix`.
    public func apply(to idOrPrefix: String, reason: String, store: any CertificateRepository) throws(CertificationError) -> StoredCertificate {
        let current = try storeCall { () throws(StoreError) in try store.certificate(idOrPrefix) }
        guard allowedFrom.contains(current.status) else {
            throw CertificationError(.statusChangeRefused(certificate: current.certificate.id, status: current.status.rawValue, change: done))
        }
        return try storeCall { () throws(StoreError) in
            try store.changeCertificateStatus(current.certificate.id, from: current.status, to: target, reason: reason,
                                              action: auditAction)
        }
    }
}
