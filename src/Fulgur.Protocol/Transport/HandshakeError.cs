namespace Fulgur.Protocol.Transport;

/// <summary>
/// Why a BOLT 8 handshake act was rejected. Every value means the same thing to the caller: the connection is to be
/// dropped without sending anything further (BOLT #8: "the responder MUST terminate the connection without any further
/// messages"). The names follow the failure cases of BOLT 8 Appendix A (shown in brackets).
/// </summary>
public enum HandshakeError
{
    None = 0,

    /// <summary>Act One was not exactly 50 bytes (ACT1_READ_FAILED).</summary>
    ActOneWrongLength,

    /// <summary>Act One carried a handshake version other than 0 (ACT1_BAD_VERSION).</summary>
    ActOneBadVersion,

    /// <summary>The initiator's ephemeral key in Act One is not a valid compressed point (ACT1_BAD_PUBKEY).</summary>
    ActOneBadPublicKey,

    /// <summary>Act One's MAC did not verify: the initiator does not know our static key (ACT1_BAD_TAG).</summary>
    ActOneBadTag,

    /// <summary>Act Two was not exactly 50 bytes (ACT2_READ_FAILED).</summary>
    ActTwoWrongLength,

    /// <summary>Act Two carried a handshake version other than 0 (ACT2_BAD_VERSION).</summary>
    ActTwoBadVersion,

    /// <summary>The responder's ephemeral key in Act Two is not a valid compressed point (ACT2_BAD_PUBKEY).</summary>
    ActTwoBadPublicKey,

    /// <summary>Act Two's MAC did not verify (ACT2_BAD_TAG).</summary>
    ActTwoBadTag,

    /// <summary>Act Three was not exactly 66 bytes (ACT3_READ_FAILED).</summary>
    ActThreeWrongLength,

    /// <summary>Act Three carried a handshake version other than 0 (ACT3_BAD_VERSION).</summary>
    ActThreeBadVersion,

    /// <summary>The MAC of the encrypted static key in Act Three did not verify (ACT3_BAD_CIPHERTEXT).</summary>
    ActThreeBadCiphertext,

    /// <summary>The initiator's decrypted static key is not a valid compressed point (ACT3_BAD_PUBKEY).</summary>
    ActThreeBadPublicKey,

    /// <summary>Act Three's final MAC did not verify (ACT3_BAD_TAG).</summary>
    ActThreeBadTag,
}
