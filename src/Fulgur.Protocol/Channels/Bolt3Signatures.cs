using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// Signing and verifying the transactions of BOLT #3. Signatures are BIP143 over the spent output's witness script,
/// deterministic (RFC 6979), and sent on the wire in compact form without the sighash byte.
/// </summary>
public static class Bolt3Signatures
{
    /// <summary>A signature over input 0 of a transaction spending the funding output (commitment or closing), with SIGHASH_ALL.</summary>
    public static EcdsaSignature SignFundingSpend(
        Transaction transaction, Script fundingScript, Satoshi fundingAmount, PrivateKey fundingKey)
    {
        ArgumentNullException.ThrowIfNull(fundingKey);
        return fundingKey.Sign(FundingSpendHash(transaction, fundingScript, fundingAmount));
    }

    public static bool VerifyFundingSpend(
        Transaction transaction, Script fundingScript, Satoshi fundingAmount, PublicKey fundingPubkey, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(fundingPubkey);
        ArgumentNullException.ThrowIfNull(signature);
        return fundingPubkey.Verify(FundingSpendHash(transaction, fundingScript, fundingAmount), signature);
    }

    /// <summary>Our signature of a commitment transaction (ours or the peer's).</summary>
    public static EcdsaSignature Sign(CommitmentTransaction commitment, PrivateKey fundingKey)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var p = commitment.Parameters;
        return SignFundingSpend(commitment.Transaction, p.FundingScript, p.FundingAmount, fundingKey);
    }

    public static bool Verify(CommitmentTransaction commitment, PublicKey fundingPubkey, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return VerifyFundingSpend(
            commitment.Transaction, commitment.Parameters.FundingScript, commitment.Parameters.FundingAmount, fundingPubkey, signature);
    }

    /// <summary>The commitment transaction with both signatures in its witness.</summary>
    public static Transaction WithWitness(CommitmentTransaction commitment, EcdsaSignature localSignature, EcdsaSignature remoteSignature)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var p = commitment.Parameters;
        return WithFundingWitness(commitment.Transaction, p.LocalFundingPubkey, localSignature, p.RemoteFundingPubkey, remoteSignature);
    }

    /// <summary>Adds the 2-of-2 funding witness to input 0, the signatures in funding key order, then the funding script.</summary>
    public static Transaction WithFundingWitness(
        Transaction transaction, PublicKey localFundingPubkey, EcdsaSignature localSignature, PublicKey remoteFundingPubkey,
        EcdsaSignature remoteSignature)
    {
        // BOLT #3: "`txin[0]` witness: `0 <signature_for_pubkey1> <signature_for_pubkey2>`"
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(localSignature);
        ArgumentNullException.ThrowIfNull(remoteSignature);
        var (first, _) = Bolt3Scripts.SortKeys(localFundingPubkey, remoteFundingPubkey);
        var localFirst = ReferenceEquals(first, localFundingPubkey);
        var script = Bolt3Scripts.Funding(localFundingPubkey, remoteFundingPubkey);
        var localItem = WitnessSignature(localSignature, SigHashType.All);
        var remoteItem = WitnessSignature(remoteSignature, SigHashType.All);
        return transaction.WithWitness(0, Witness.Create(
            [],
            localFirst ? localItem : remoteItem,
            localFirst ? remoteItem : localItem,
            script.ToBytes()));
    }

    /// <summary>
    /// A signature of an HTLC transaction by its <paramref name="htlcKey"/>: the peer of the commitment owner signs with
    /// <see cref="HtlcTransaction.RemoteSigHashType"/>, the owner with <see cref="HtlcTransaction.LocalSigHashType"/>.
    /// </summary>
    public static EcdsaSignature Sign(HtlcTransaction htlcTransaction, PrivateKey htlcKey, SigHashType hashType)
    {
        ArgumentNullException.ThrowIfNull(htlcTransaction);
        ArgumentNullException.ThrowIfNull(htlcKey);
        return htlcKey.Sign(htlcTransaction.SignatureHash(hashType));
    }

    public static bool Verify(HtlcTransaction htlcTransaction, PublicKey htlcPubkey, EcdsaSignature signature, SigHashType hashType)
    {
        ArgumentNullException.ThrowIfNull(htlcTransaction);
        ArgumentNullException.ThrowIfNull(htlcPubkey);
        ArgumentNullException.ThrowIfNull(signature);
        return htlcPubkey.Verify(htlcTransaction.SignatureHash(hashType), signature);
    }

    /// <summary>
    /// The peer's-side signatures of every HTLC transaction of <paramref name="commitment"/>, in output order: what
    /// <c>commitment_signed</c> carries as <c>htlc_signature</c> for the peer's commitment.
    /// </summary>
    public static IReadOnlyList<EcdsaSignature> SignHtlcs(CommitmentTransaction commitment, PrivateKey htlcKey)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return [.. HtlcTransactions.Build(commitment).Select(h => Sign(h, htlcKey, h.RemoteSigHashType))];
    }

    /// <summary>
    /// Checks the peer's <c>htlc_signature</c>s for our commitment: one per HTLC output, in output order, each by the
    /// peer's HTLC key (<see cref="CommitmentKeys.RemoteHtlcKey"/>). Returns the index of the first bad signature, or -1.
    /// </summary>
    public static int FindInvalidHtlcSignature(CommitmentTransaction commitment, IReadOnlyList<EcdsaSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(signatures);
        var htlcTxs = HtlcTransactions.Build(commitment);
        for (var i = 0; i < htlcTxs.Count; i++)
        {
            if (i >= signatures.Count || !Verify(htlcTxs[i], commitment.Keys.RemoteHtlcKey, signatures[i], htlcTxs[i].RemoteSigHashType))
                return i;
        }
        return signatures.Count > htlcTxs.Count ? htlcTxs.Count : -1;
    }

    /// <summary>A signature as a witness item: DER followed by the sighash type byte.</summary>
    public static byte[] WitnessSignature(EcdsaSignature signature, SigHashType hashType)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var der = signature.ToDer();
        var item = new byte[der.Length + 1];
        der.CopyTo(item, 0);
        item[^1] = (byte)hashType.Value;
        return item;
    }

    private static byte[] FundingSpendHash(Transaction transaction, Script fundingScript, Satoshi fundingAmount)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(fundingScript);
        return SignatureHash.ComputeSegwitV0(transaction, 0, fundingScript, fundingAmount, SigHashType.All);
    }
}
