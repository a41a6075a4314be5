using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// The witnesses BOLT #3 gives for spending commitment and HTLC transaction outputs (the second-stage HTLC
/// transactions and the funding spend have their own in <see cref="HtlcTransaction"/> and <see cref="Bolt3Signatures"/>).
/// Each ends with the witness script, which BOLT 3 leaves out "for brevity". Signatures default to SIGHASH_ALL.
/// </summary>
public static class Bolt3Witnesses
{
    /// <summary>
    /// The owner's delayed spend of <c>to_local</c> (or of an HTLC transaction output), in an input whose nSequence is
    /// <c>to_self_delay</c>: <c>&lt;local_delayedsig&gt; &lt;&gt;</c>.
    /// </summary>
    public static Witness ToLocalDelayed(EcdsaSignature localDelayedSignature, Script toLocalScript, SigHashType? hashType = null) =>
        Create(toLocalScript, Item(localDelayedSignature, hashType), []);

    /// <summary>The penalty spend of a revoked <c>to_local</c> (or HTLC transaction output): <c>&lt;revocation_sig&gt; 1</c>.</summary>
    public static Witness ToLocalRevoked(EcdsaSignature revocationSignature, Script toLocalScript, SigHashType? hashType = null) =>
        Create(toLocalScript, Item(revocationSignature, hashType), [1]);

    /// <summary>A P2WPKH <c>to_remote</c> spend: the signature and the public key.</summary>
    public static Witness ToRemote(EcdsaSignature signature, PublicKey remotePubkey, SigHashType? hashType = null)
    {
        ArgumentNullException.ThrowIfNull(remotePubkey);
        return Witness.Create(Item(signature, hashType), remotePubkey.ToCompressed());
    }

    /// <summary>The <c>option_anchors</c> <c>to_remote</c> spend, with nSequence 1: <c>&lt;remote_sig&gt;</c>.</summary>
    public static Witness ToRemoteAnchored(EcdsaSignature signature, Script toRemoteScript, SigHashType? hashType = null) =>
        Create(toRemoteScript, Item(signature, hashType));

    /// <summary>An anchor spent by its owner: <c>&lt;local_sig/remote_sig&gt;</c>.</summary>
    public static Witness Anchor(EcdsaSignature signature, Script anchorScript, SigHashType? hashType = null) =>
        Create(anchorScript, Item(signature, hashType));

    /// <summary>The anchor swept by anyone once 16 blocks have passed (nSequence 16): witness <c>&lt;&gt;</c>.</summary>
    public static Witness AnchorSweep(Script anchorScript) => Create(anchorScript, Array.Empty<byte>());

    /// <summary>
    /// The remote node claiming an offered HTLC of the owner's commitment: <c>&lt;remotehtlcsig&gt; &lt;payment_preimage&gt;</c>.
    /// </summary>
    public static Witness OfferedHtlcSuccess(
        EcdsaSignature remoteHtlcSignature, Preimage preimage, Script htlcScript, SigHashType? hashType = null) =>
        Create(htlcScript, Item(remoteHtlcSignature, hashType), preimage.ToArray());

    /// <summary>The remote node timing out a received HTLC of the owner's commitment: <c>&lt;remotehtlcsig&gt; &lt;&gt;</c>.</summary>
    public static Witness ReceivedHtlcTimeout(EcdsaSignature remoteHtlcSignature, Script htlcScript, SigHashType? hashType = null) =>
        Create(htlcScript, Item(remoteHtlcSignature, hashType), []);

    /// <summary>
    /// The penalty spend of an HTLC output of a revoked commitment (offered or received):
    /// <c>&lt;revocation_sig&gt; &lt;revocationpubkey&gt;</c>.
    /// </summary>
    public static Witness HtlcRevoked(
        EcdsaSignature revocationSignature, PublicKey revocationPubkey, Script htlcScript, SigHashType? hashType = null)
    {
        ArgumentNullException.ThrowIfNull(revocationPubkey);
        return Create(htlcScript, Item(revocationSignature, hashType), revocationPubkey.ToCompressed());
    }

    private static byte[] Item(EcdsaSignature signature, SigHashType? hashType) =>
        Bolt3Signatures.WitnessSignature(signature, hashType ?? SigHashType.All);

    private static Witness Create(Script witnessScript, params byte[][] items)
    {
        ArgumentNullException.ThrowIfNull(witnessScript);
        return Witness.Create([.. items, witnessScript.ToBytes()]);
    }
}
