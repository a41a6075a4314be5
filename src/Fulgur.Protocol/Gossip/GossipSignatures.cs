using Fulgur.Crypto;

namespace Fulgur.Protocol.Gossip;

/// <summary>Checking the signatures gossip carries.</summary>
internal static class GossipSignatures
{
    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="hash"/>, accepting a high-S form too: BOLT 7
    /// notes relays can flip <c>s</c> to <c>-s</c> and that this must not discredit the origin, and the
    /// message is no less authentic for it.
    /// </summary>
    // BOLT #7: "So, an intermediate node who received the `channel_update` message can rebroadcast it just by
    // changing the `s` component of signature with `-s`."
    public static bool Verify(PublicKey key, ReadOnlySpan<byte> hash, EcdsaSignature signature) =>
        key.Verify(hash, signature.IsLowS ? signature : signature.Normalize());
}
