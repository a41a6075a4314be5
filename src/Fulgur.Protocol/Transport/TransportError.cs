namespace Fulgur.Protocol.Transport;

/// <summary>
/// Why an encrypted Lightning message could not be read. Any value other than <see cref="None"/> leaves the receiving
/// half of the <see cref="TransportCipher"/> unusable (its nonce can no longer be trusted), so the connection is to be
/// dropped.
/// </summary>
public enum TransportError
{
    None = 0,

    /// <summary>The encrypted length prefix was not exactly 18 bytes.</summary>
    HeaderWrongLength,

    /// <summary>The MAC of the encrypted length prefix did not verify.</summary>
    HeaderBadTag,

    /// <summary>The encrypted body was not exactly the announced length plus its 16-byte MAC.</summary>
    BodyWrongLength,

    /// <summary>The MAC of the encrypted body did not verify.</summary>
    BodyBadTag,

    /// <summary>An earlier read failed; the receiving half refuses all further input.</summary>
    ReceiverFailed,
}
