namespace Fulgur.Protocol.Onion;

/// <summary>
/// Why a hop could not peel its layer of an onion. BOLT #4 "Onion Decryption": in every case the reader "MUST abort
/// processing the packet and fail". The first three are the sender's onion being unusable and are reported upstream
/// with <c>update_fail_malformed_htlc</c> (BADONION|PERM codes); a malformed payload passed the HMAC, so the origin
/// wrote it and it is answered with an ordinary failure.
/// </summary>
public enum OnionError
{
    None = 0,

    /// <summary>BOLT #4: "if `version` is not 0:" (<c>invalid_onion_version</c>)</summary>
    InvalidVersion,

    /// <summary>BOLT #4: "if `public_key` is not a valid pubkey:" (<c>invalid_onion_key</c>)</summary>
    InvalidKey,

    /// <summary>BOLT #4: "If the computed HMAC and `hmac` differ:" (<c>invalid_onion_hmac</c>)</summary>
    InvalidHmac,

    /// <summary>
    /// The decrypted <c>hop_payloads</c> did not hold a well-formed frame: a non-minimal or truncated BigSize length, a
    /// length below two, or a payload and HMAC running past the packet (<c>invalid_onion_payload</c>).
    /// </summary>
    MalformedPayload,

    /// <summary>Too few bytes for a version, key, HMAC and any <c>hop_payloads</c>; answered as <c>invalid_onion_hmac</c>,
    /// since nothing over the expected bytes can authenticate.</summary>
    PacketTooShort,
}

/// <summary>The BOLT 4 failure code that answers each <see cref="OnionError"/>.</summary>
public static class OnionErrorFailureCode
{
    public static FailureCode ToFailureCode(this OnionError error) => error switch
    {
        OnionError.InvalidVersion => FailureCode.InvalidOnionVersion,
        OnionError.InvalidKey => FailureCode.InvalidOnionKey,
        OnionError.InvalidHmac or OnionError.PacketTooShort => FailureCode.InvalidOnionHmac,
        OnionError.MalformedPayload => FailureCode.InvalidOnionPayload,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "no failure for success"),
    };
}
