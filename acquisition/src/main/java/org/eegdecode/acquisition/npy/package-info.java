/**
 * The numpy file codec: {@code .npy} (plain and pickled object files), {@code .npz}, and the subset
 * of pickle that numpy writes, read safely (whitelisted globals only) and frugally (large arrays
 * stay in the file until their elements are needed). Entry points: {@link
 * org.eegdecode.acquisition.npy.NpyReader}, {@link org.eegdecode.acquisition.npy.NpyWriter}, {@link
 * org.eegdecode.acquisition.npy.NdArray}.
 */
package org.eegdecode.acquisition.npy;
