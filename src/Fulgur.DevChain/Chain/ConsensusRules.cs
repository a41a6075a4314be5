using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Chain;

/// <summary>Regtest chain parameters the devchain enforces (bitcoind's CRegTestParams).</summary>
internal static class ConsensusRules
{
    /// <summary>Regtest's nBits: every block carries the proof-of-work limit 0x207fffff.</summary>
    public static readonly CompactTarget RegtestBits = new(0x207fffff);

    /// <summary>bitcoind's COINBASE_MATURITY: a coinbase output may be spent once it has 100 confirmations.</summary>
    public const int CoinbaseMaturity = 100;

    /// <summary>
    /// Script flags for blocks: bitcoind's, taproot included. The interpreter does not execute taproot, so with the
    /// flag on a P2TR spend fails (TAPROOT_UNSUPPORTED) instead of passing unchecked as an unknown witness version.
    /// </summary>
    public const ScriptVerifyFlags BlockScriptFlags = ScriptVerifyFlagSets.Consensus | ScriptVerifyFlags.Taproot;

    /// <summary>Script flags for mempool acceptance: bitcoind's standard flags, taproot included (see above).</summary>
    public const ScriptVerifyFlags PolicyScriptFlags = ScriptVerifyFlagSets.Standard | ScriptVerifyFlags.Taproot;

    /// <summary>Regtest's nSubsidyHalvingInterval.</summary>
    public const int SubsidyHalvingInterval = 150;

    /// <summary>bitcoind's GetBlockSubsidy: 50 BTC halved every interval, nothing after 64 halvings.</summary>
    public static Satoshi BlockSubsidy(int height)
    {
        var halvings = height / SubsidyHalvingInterval;
        return halvings >= 64 ? Satoshi.Zero : new Satoshi((50 * Satoshi.PerBitcoin) >> halvings);
    }

    /// <summary>BIP34: "the first serialized element in the scriptSig must be the height", written as bitcoind's miner does (height, then OP_0).</summary>
    public static Script CoinbaseScriptSig(int height) => new ScriptBuilder().Push(height).Op(Opcode.Op0).ToScript();

    /// <summary>BIP34's check: the coinbase scriptSig starts with the serialized height.</summary>
    public static bool HasHeightPrefix(Transaction coinbase, int height)
    {
        var expected = new ScriptBuilder().Push(height).ToScript().Bytes;
        var actual = coinbase.Inputs[0].ScriptSig.Bytes;
        return actual.Length >= expected.Length && actual[..expected.Length].SequenceEqual(expected);
    }

    /// <summary>bitcoind's GetDifficulty: how many times harder than the 0x1d00ffff target.</summary>
    public static double Difficulty(CompactTarget bits)
    {
        var shift = (int)((bits.Bits >> 24) & 0xff);
        var diff = 0x0000ffff / (double)(bits.Bits & 0x00ffffff);
        while (shift < 29)
        {
            diff *= 256.0;
            shift++;
        }
        while (shift > 29)
        {
            diff /= 256.0;
            shift--;
        }
        return diff;
    }
}
