using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.DevChain.Chain;
using Fulgur.DevChain.Mempool;

namespace Fulgur.DevChain.Mining;

/// <summary>
/// Builds and mines the next block as bitcoind's BlockAssembler and generatetoaddress do: mempool transactions by
/// feerate (a parent always before its child, within the weight limit), a BIP34 coinbase paying subsidy plus fees
/// to the given script, the BIP141 witness commitment, and a nonce searched until the header meets regtest's target.
/// </summary>
internal static class BlockAssembler
{
    /// <summary>bitcoind's VERSIONBITS_TOP_BITS, the version its miner writes with no deployment signalled.</summary>
    public const int BlockVersion = 0x20000000;

    /// <summary>Weight kept free for the coinbase (bitcoind's default -blockreservedweight is 8,000).</summary>
    private const long CoinbaseReservedWeight = 8_000;

    public static Block Assemble(ActiveChain chain, IReadOnlyList<MempoolEntry> mempool, Script payTo, long now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(mempool);
        ArgumentNullException.ThrowIfNull(payTo);
        var height = chain.Height + 1;
        var selected = SelectTransactions(mempool);
        var fees = selected.Aggregate(Satoshi.Zero, (sum, e) => sum + e.Fee);

        // BIP141: the coinbase's witness is the 32-byte witness reserved value; the commitment covers every wtxid with
        // the coinbase's own taken as zero.
        var reserved = Hash256.Zero;
        var coinbaseInput = new TxIn(OutPoint.Null, ConsensusRules.CoinbaseScriptSig(height), TxIn.SequenceFinal,
            Witness.Create(reserved.ToBytes()));
        var draft = new Transaction(2, [coinbaseInput], [new TxOut(ConsensusRules.BlockSubsidy(height) + fees, payTo)], 0);
        List<Transaction> transactions = [draft, .. selected.Select(e => e.Transaction)];
        var commitment = WitnessCommitment.Compute(MerkleTree.WitnessMerkleRoot(transactions), reserved);
        var coinbase = draft.WithOutputs([.. draft.Outputs, new TxOut(Satoshi.Zero, WitnessCommitment.CreateScript(commitment))]);
        transactions[0] = coinbase;

        var time = (uint)Math.Max(now, chain.Tip.MedianTimePast + 1);
        var merkleRoot = MerkleTree.BlockMerkleRoot(transactions, out _);
        var header = new BlockHeader(BlockVersion, chain.Tip.Hash, merkleRoot, time, ConsensusRules.RegtestBits, 0);
        // Regtest's target is half the hash space: about two tries per block.
        while (!header.Bits.IsMetBy(header.Hash, chain.Network.PowLimit))
            header = header with { Nonce = header.Nonce + 1 };
        return new Block(header, transactions);
    }

    /// <summary>Highest feerate first, but a transaction only once every in-mempool parent is already in.</summary>
    private static List<MempoolEntry> SelectTransactions(IReadOnlyList<MempoolEntry> mempool)
    {
        var inMempool = mempool.ToDictionary(e => e.TxId);
        var included = new HashSet<TxId>();
        var selected = new List<MempoolEntry>();
        var remaining = mempool.OrderByDescending(e => e.FeeRate).ToList();
        var weight = CoinbaseReservedWeight;
        var progress = true;
        while (progress)
        {
            progress = false;
            foreach (var entry in remaining)
            {
                var parentsIn = entry.Transaction.Inputs.All(i => !inMempool.ContainsKey(i.PrevOut.TxId) || included.Contains(i.PrevOut.TxId));
                if (!parentsIn || weight + entry.Transaction.Weight > Transaction.MaxBlockWeight)
                    continue;
                selected.Add(entry);
                included.Add(entry.TxId);
                weight += entry.Transaction.Weight;
                remaining.Remove(entry);
                progress = true;
                break;
            }
        }
        return selected;
    }
}
