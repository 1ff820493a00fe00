package dev.transfermonitor.detection.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6962 trees against the Certificate Transparency reference vectors, and every proof of
 * trees up to 40 leaves. A path does not bind the tree size (a leftmost leaf's path can fit a
 * larger tree), which is why a digest signs its sequence range with the root.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The reference inputs and the Merkle Tree Hash of the first n of them, n = 0..8. */
    private static final List<String> INPUTS =
            List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> referenceLeaves() {
        return INPUTS.stream().map(h -> MerkleTree.leafHash(HEX.parseHex(h))).toList();
    }

    @Test
    void rootsAreTheReferenceRootsForEverySize() {
        List<byte[]> leaves = referenceLeaves();
        for (int n = 0; n <= leaves.size(); n++) {
            assertThat(HEX.formatHex(MerkleTree.root(leaves.subList(0, n))))
                    .as("size %d", n)
                    .isEqualTo(ROOTS.get(n));
        }
    }

    @Test
    void inclusionPathsAreTheReferenceOnes() {
        List<byte[]> leaves = referenceLeaves();
        assertThat(MerkleTree.inclusionPath(leaves, 0))
                .extracting(HEX::formatHex)
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(MerkleTree.inclusionPath(leaves, 5))
                .extracting(HEX::formatHex)
                .containsExactly(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void everyLeafsPathGivesTheRootAndNoOtherLeafsDoes() {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i * 7)}));
        }
        for (int n = 1; n <= all.size(); n++) {
            List<byte[]> leaves = all.subList(0, n);
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleTree.inclusionPath(leaves, i);
                assertThat(MerkleTree.rootFromPath(leaves.get(i), i, n, path))
                        .as("leaf %d of %d", i, n)
                        .isEqualTo(root);
                byte[] other = leaves.get((i + 1) % n);
                if (n > 1) {
                    assertThat(MerkleTree.rootFromPath(other, i, n, path)).isNotEqualTo(root);
                }
            }
        }
    }

    @Test
    void theCompactFormGrowsToTheSameRootAndSurvivesItsBytes() {
        List<byte[]> leaves = referenceLeaves();
        MerkleTree.Compact compact = new MerkleTree.Compact();
        for (int n = 0; n < leaves.size(); n++) {
            compact = MerkleTree.Compact.fromBytes(compact.toBytes());
            compact.append(leaves.get(n));
            assertThat(HEX.formatHex(compact.root())).isEqualTo(ROOTS.get(n + 1));
        }
        assertThat(compact.size()).isEqualTo(8);
        assertThat(compact.toBytes()).hasSize(8 + 32);
    }

    @Test
    void bytesThatAreNoCompactTreeAreRefused() {
        assertThatThrownBy(() -> MerkleTree.Compact.fromBytes(new byte[7]))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] sizeThreeOnePeak = new byte[8 + 32];
        sizeThreeOnePeak[7] = 3;
        assertThatThrownBy(() -> MerkleTree.Compact.fromBytes(sizeThreeOnePeak)).hasMessageContaining("size 3");
        assertThatThrownBy(() -> MerkleTree.inclusionPath(referenceLeaves(), 8)).hasMessageContaining("not in a tree");
        assertThat(MerkleTree.rootFromPath(new byte[32], 3, 3, List.of())).isNull();
    }
}
