using Fulgur.Bitcoin.Scripts;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>The witness scripts of BOLT #3 (funding, commitment outputs, HTLC outputs, anchors).</summary>
public static class Bolt3Scripts
{
    /// <summary>
    /// BOLT #3 "Funding Transaction Output": "`2 &lt;pubkey1&gt; &lt;pubkey2&gt; 2 OP_CHECKMULTISIG`" where "`pubkey1` is
    /// the lexicographically lesser of the two `funding_pubkey` in compressed format".
    /// </summary>
    public static Script Funding(PublicKey fundingPubkeyA, PublicKey fundingPubkeyB)
    {
        var (first, second) = SortKeys(fundingPubkeyA, fundingPubkeyB);
        return StandardScripts.Multisig(2, [first, second]);
    }

    /// <summary>The funding output's scriptPubKey: a P2WSH of <see cref="Funding"/>.</summary>
    public static Script FundingOutput(PublicKey fundingPubkeyA, PublicKey fundingPubkeyB) =>
        StandardScripts.P2Wsh(Funding(fundingPubkeyA, fundingPubkeyB));

    /// <summary>The two funding keys in the order their signatures appear in the witness (lesser key first).</summary>
    public static (PublicKey First, PublicKey Second) SortKeys(PublicKey a, PublicKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Compressed.SequenceCompareTo(b.Compressed) <= 0 ? (a, b) : (b, a);
    }

    /// <summary>
    /// The <c>to_local</c> witness script, also the output script of HTLC-success and HTLC-timeout transactions:
    /// <c>OP_IF &lt;revocationpubkey&gt; OP_ELSE `to_self_delay` OP_CHECKSEQUENCEVERIFY OP_DROP &lt;local_delayedpubkey&gt;
    /// OP_ENDIF OP_CHECKSIG</c>.
    /// </summary>
    public static Script ToLocal(PublicKey revocationPubkey, ToSelfDelay toSelfDelay, PublicKey localDelayedPubkey)
    {
        ArgumentNullException.ThrowIfNull(revocationPubkey);
        ArgumentNullException.ThrowIfNull(localDelayedPubkey);
        return new ScriptBuilder()
            .Op(Opcode.If)
            .Push(revocationPubkey)
            .Op(Opcode.Else)
            .Push(toSelfDelay.Blocks)
            .Op(Opcode.CheckSequenceVerify)
            .Op(Opcode.Drop)
            .Push(localDelayedPubkey)
            .Op(Opcode.EndIf)
            .Op(Opcode.CheckSig)
            .ToScript();
    }

    /// <summary>
    /// The <c>to_remote</c> output script (a scriptPubKey): "a simple P2WPKH to `remotepubkey`", or with
    /// <c>option_anchors</c> a P2WSH of "&lt;remotepubkey&gt; OP_CHECKSIGVERIFY 1 OP_CHECKSEQUENCEVERIFY".
    /// </summary>
    public static Script ToRemoteOutput(PublicKey remotePubkey, CommitmentFormat format) =>
        format == CommitmentFormat.AnchorOutputs
            ? StandardScripts.P2Wsh(ToRemoteAnchored(remotePubkey))
            : StandardScripts.P2Wpkh(remotePubkey);

    /// <summary>
    /// The <c>option_anchors</c> <c>to_remote</c> witness script:
    /// <c>&lt;remotepubkey&gt; OP_CHECKSIGVERIFY 1 OP_CHECKSEQUENCEVERIFY</c>.
    /// </summary>
    public static Script ToRemoteAnchored(PublicKey remotePubkey)
    {
        ArgumentNullException.ThrowIfNull(remotePubkey);
        return new ScriptBuilder().Push(remotePubkey).Op(Opcode.CheckSigVerify).Push(1).Op(Opcode.CheckSequenceVerify).ToScript();
    }

    /// <summary>
    /// The <c>to_local_anchor</c>/<c>to_remote_anchor</c> witness script: <c>&lt;local_funding_pubkey/remote_funding_pubkey&gt;
    /// OP_CHECKSIG OP_IFDUP OP_NOTIF OP_16 OP_CHECKSEQUENCEVERIFY OP_ENDIF</c>.
    /// </summary>
    public static Script Anchor(PublicKey fundingPubkey)
    {
        ArgumentNullException.ThrowIfNull(fundingPubkey);
        return new ScriptBuilder()
            .Push(fundingPubkey)
            .Op(Opcode.CheckSig)
            .Op(Opcode.IfDup)
            .Op(Opcode.NotIf)
            .Push(16)
            .Op(Opcode.CheckSequenceVerify)
            .Op(Opcode.EndIf)
            .ToScript();
    }

    /// <summary>BOLT #3 "Offered HTLC Outputs": the witness script of an HTLC the commitment owner offered.</summary>
    public static Script OfferedHtlc(
        PublicKey revocationPubkey, PublicKey localHtlcPubkey, PublicKey remoteHtlcPubkey, PaymentHash paymentHash,
        CommitmentFormat format)
    {
        ArgumentNullException.ThrowIfNull(revocationPubkey);
        ArgumentNullException.ThrowIfNull(localHtlcPubkey);
        ArgumentNullException.ThrowIfNull(remoteHtlcPubkey);
        var builder = new ScriptBuilder();
        // # To remote node with revocation key
        RevocationBranch(builder, revocationPubkey)
            .Op(Opcode.Else)
            .Push(remoteHtlcPubkey)
            .Op(Opcode.Swap)
            .Op(Opcode.Size)
            .Push(32)
            .Op(Opcode.Equal)
            .Op(Opcode.NotIf)
            // # To local node via HTLC-timeout transaction (timelocked).
            .Op(Opcode.Drop)
            .Push(2)
            .Op(Opcode.Swap)
            .Push(localHtlcPubkey)
            .Push(2)
            .Op(Opcode.CheckMultiSig)
            .Op(Opcode.Else)
            // # To remote node with preimage.
            .Op(Opcode.Hash160)
            .PushRaw(Ripemd160.Hash(paymentHash.ToArray()))
            .Op(Opcode.EqualVerify)
            .Op(Opcode.CheckSig)
            .Op(Opcode.EndIf);
        if (format == CommitmentFormat.AnchorOutputs)
            builder.Push(1).Op(Opcode.CheckSequenceVerify).Op(Opcode.Drop);
        return builder.Op(Opcode.EndIf).ToScript();
    }

    /// <summary>BOLT #3 "Received HTLC Outputs": the witness script of an HTLC the commitment owner received.</summary>
    public static Script ReceivedHtlc(
        PublicKey revocationPubkey, PublicKey localHtlcPubkey, PublicKey remoteHtlcPubkey, PaymentHash paymentHash,
        CltvExpiry cltvExpiry, CommitmentFormat format)
    {
        ArgumentNullException.ThrowIfNull(revocationPubkey);
        ArgumentNullException.ThrowIfNull(localHtlcPubkey);
        ArgumentNullException.ThrowIfNull(remoteHtlcPubkey);
        var builder = new ScriptBuilder();
        // # To remote node with revocation key
        RevocationBranch(builder, revocationPubkey)
            .Op(Opcode.Else)
            .Push(remoteHtlcPubkey)
            .Op(Opcode.Swap)
            .Op(Opcode.Size)
            .Push(32)
            .Op(Opcode.Equal)
            .Op(Opcode.If)
            // # To local node via HTLC-success transaction.
            .Op(Opcode.Hash160)
            .PushRaw(Ripemd160.Hash(paymentHash.ToArray()))
            .Op(Opcode.EqualVerify)
            .Push(2)
            .Op(Opcode.Swap)
            .Push(localHtlcPubkey)
            .Push(2)
            .Op(Opcode.CheckMultiSig)
            .Op(Opcode.Else)
            // # To remote node after timeout.
            .Op(Opcode.Drop)
            .Push(cltvExpiry.Value)
            .Op(Opcode.CheckLockTimeVerify)
            .Op(Opcode.Drop)
            .Op(Opcode.CheckSig)
            .Op(Opcode.EndIf);
        if (format == CommitmentFormat.AnchorOutputs)
            builder.Push(1).Op(Opcode.CheckSequenceVerify).Op(Opcode.Drop);
        return builder.Op(Opcode.EndIf).ToScript();
    }

    // OP_DUP OP_HASH160 <RIPEMD160(SHA256(revocationpubkey))> OP_EQUAL OP_IF OP_CHECKSIG
    private static ScriptBuilder RevocationBranch(ScriptBuilder builder, PublicKey revocationPubkey) =>
        builder
            .Op(Opcode.Dup)
            .Op(Opcode.Hash160)
            .PushRaw(Hash160.Hash(revocationPubkey.Compressed))
            .Op(Opcode.Equal)
            .Op(Opcode.If)
            .Op(Opcode.CheckSig);
}
